import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

/*
 * An admin's cash registers: add one (keys generated here and pasted), test connections, read the
 * callback URLs, delete it; then a payin on the Kyrgyzstan demo register, seen with its register
 * in the list. The sandbox reads its registers when it starts, so a register added now is unknown
 * to it: its connection test shows the sandbox's refusal, and the successful test is the demo
 * register's.
 */

const KGS_PROJECT_ID = "5a4db0c5-7e57-4b0c-8a11-000000000002";

function rsaPair() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("creates a payin on the Kyrgyzstan register and finds it in the list with its register", async ({ page }) => {
    await page.goto("/payins/new");
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    await expect(page.getByLabel("Cash register")).toHaveValue(/.+/);
    await page.getByLabel("Currency").selectOption("KGS");
    await expect(page.getByLabel("Cash register")).toHaveValue(KGS_PROJECT_ID);
    await expect(page.getByLabel("Cash register").locator("option")).toHaveText(["Kyrgyzstan KGS"]);
    await page.getByLabel("Amount").fill("2500.00");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
    await expect(page.getByTestId("application-register")).toContainText("Kyrgyzstan KGS");

    await page.goto(`/payins?register=${KGS_PROJECT_ID}`);
    await expect(page.getByLabel("Register")).toHaveValue(KGS_PROJECT_ID);
    const table = page.getByTestId("applications-table");
    const line = table.getByRole("row").filter({ hasText: paymentId });
    await expect(line).toContainText("Kyrgyzstan KGS");
    await expect(table.getByRole("row").filter({ hasText: "Kazakhstan KZT" })).toHaveCount(0);
  });

  test("adds a register, tests connections, sees its callback URLs, then deletes it", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cash registers" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Cash registers" })).toBeVisible();
    const table = page.getByTestId("registers-table");
    await expect(table.locator("tr[data-register='Kazakhstan KZT']")).toContainText("KZT, RUB");
    await expect(table.locator("tr[data-register='Kyrgyzstan KGS']")).toContainText("KGS");

    // An empty form: messages next to the fields, focus on the first of them.
    const form = page.getByTestId("add-register-form");
    await form.getByRole("button", { name: "Add register" }).click();
    await expect(form.getByText("Enter a name.")).toBeVisible();
    await expect(form.getByLabel("Name")).toBeFocused();
    await expect(form.getByText("Paste the request key.")).toBeVisible();

    const name = `E2E register ${Date.now()}`;
    const projectId = crypto.randomUUID();
    const request = rsaPair();
    const alert = rsaPair();
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("project_id").fill(projectId);
    await form.getByLabel("Request key", { exact: true }).fill(request.privatePem);
    await form.getByLabel("Alert key", { exact: true }).fill(alert.publicPem);
    await form.getByLabel("Currencies").fill("KZT");
    await form.getByLabel("Methods").fill("card-p2p");
    await form.getByRole("button", { name: "Add register" }).click();
    await expect(page.getByText(`Cash register "${name}" added.`)).toBeVisible();

    const row = table.locator(`tr[data-register='${name}']`);
    await expect(row).toContainText(projectId);
    await expect(row).toContainText("card-p2p");
    await expect(row).toContainText("in use");
    await expect(form.getByLabel("Name")).toHaveValue("");

    const panel = page.locator(`[data-testid='register-panel'][data-register='${name}']`);
    const urls = panel.getByTestId("callback-urls");
    await expect(urls).toContainText(/https:\/\/127\.0\.0\.1:3100\/api\/highhelp\/callback\/r\/[^/]+\/intermediate/);
    await expect(urls).toContainText("/success");
    await expect(urls).toContainText("/decline");
    await expect(panel.getByRole("button", { name: `Copy Success (merchant_success_callback_url) of ${name}` })).toBeVisible();

    // The sandbox does not know this register: its answer, in words.
    await panel.getByRole("button", { name: "Test connection" }).click();
    await expect(panel.getByTestId("connection-result")).toContainText(
      "Connection failed. HighHelp refused the request (HTTP 401)",
    );
    await expect(panel.getByTestId("connection-result")).toContainText("unknown cash register");

    const kgs = page.locator("[data-testid='register-panel'][data-register='Kyrgyzstan KGS']");
    await kgs.getByRole("button", { name: "Test connection" }).click();
    await expect(kgs.getByTestId("connection-result")).toContainText("Connected. HighHelp answered (HTTP 200)");

    await panel.getByRole("button", { name: "Disable" }).click();
    await expect(page.getByText(`"${name}" disabled: no new applications.`)).toBeVisible();
    await expect(row).toContainText("disabled");

    await panel.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete register" }).click();
    await expect(page.getByText("Cash register deleted.")).toBeVisible();
    await expect(row).toHaveCount(0);
  });

  test("refuses to delete a register that has applications, and settings list every register", async ({ page }) => {
    await page.goto("/registers");
    // It has the payin of the first test.
    const kgs = page.locator("[data-testid='register-panel'][data-register='Kyrgyzstan KGS']");
    await kgs.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete register" }).click();
    await expect(page.getByText("This cash register has applications and cannot be deleted; disable it instead.")).toBeVisible();

    await page.goto("/settings");
    const registers = page.getByTestId("settings-registers");
    await expect(registers).toContainText("Kazakhstan KZT");
    await expect(registers).toContainText(KGS_PROJECT_ID);
    await expect(registers).toContainText("/api/highhelp/callback/r/");
  });
});
