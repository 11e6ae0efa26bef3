import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

/*
 * An admin's cash registers, end to end with the sandbox gateway: a register is made in the
 * sandbox's merchant cabinet (project_id and keys read from its page), added in the back-office,
 * tested, and takes a payin whose callback arrives; Disable and retiring an alert key ask first;
 * a register with applications cannot be deleted, one without can. Also a payin on the Kyrgyzstan
 * demo register, seen with its register in the list.
 */

const KGS_PROJECT_ID = "5a4db0c5-7e57-4b0c-8a11-000000000002";
const SANDBOX_URL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? "4110"}`;

interface CabinetRegister {
  name: string;
  projectId: string;
  requestKey: string;
  alertKey: string;
}

/** The sandbox's cabinet page: "New cash register", then what it shows to paste into the back-office. */
async function createInCabinet(page: Page, algorithm: "RSA" | "HMAC", currency: string): Promise<CabinetRegister> {
  const name = `Cabinet ${algorithm} ${Date.now()}`;
  await page.goto(`${SANDBOX_URL}/`);
  await page.getByRole("link", { name: "Cabinet: new cash register" }).click();
  await expect(page.getByRole("heading", { name: "New cash register" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(algorithm, { exact: false }).check();
  await page.getByLabel(currency).check();
  await page.getByRole("button", { name: "Create cash register" }).click();
  await expect(page.getByRole("heading", { name: "Cash register created" })).toBeVisible();
  await expect(page.getByTestId("register-name")).toHaveText(name);
  const read = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? "").trim();
  return { name, projectId: await read("project-id"), requestKey: await read("request-key"), alertKey: await read("alert-key") };
}

async function addInBackOffice(page: Page, register: CabinetRegister, algorithm: "rsa" | "hmac", currency: string) {
  await page.goto("/registers");
  const form = page.getByTestId("add-register-form");
  await form.getByLabel("Name").fill(register.name);
  await form.getByLabel("project_id").fill(register.projectId);
  await form.getByLabel("Request signing").selectOption(algorithm);
  await form.getByLabel("Request key", { exact: true }).fill(register.requestKey);
  await form.getByLabel("Alert verification").selectOption(algorithm);
  await form.getByLabel("Alert key", { exact: true }).fill(register.alertKey);
  await form.getByLabel("Currencies").fill(currency);
  await form.getByRole("button", { name: "Add register" }).click();
  await expect(page.getByText(`Cash register "${register.name}" added.`)).toBeVisible();
  await expect(page.getByTestId("registers-table").locator(`tr[data-register='${register.name}']`)).toContainText(
    register.projectId,
  );
  return page.locator(`[data-testid='register-panel'][data-register='${register.name}']`);
}

/** A payin on the chosen register; the payer instructions only a callback brings show up on its page. */
async function payinWithCallback(page: Page, register: CabinetRegister, currency: string): Promise<void> {
  await page.goto("/payins/new");
  const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
  await page.getByLabel("Currency").selectOption(currency);
  await page.getByLabel("Cash register").selectOption({ label: register.name });
  await page.getByLabel("Amount").fill("1500.00");
  await page.getByRole("button", { name: "Create payin" }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
  await expect(page.getByTestId("application-register")).toContainText(register.name);
  await expect(page.getByTestId("instructions-card").getByText("Card number")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("application-status")).toContainText("awaiting confirm");
  await expect(page.getByTestId("callback-deliveries")).toContainText("verified");
}

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

  test("makes an RSA register in the sandbox cabinet, adds it, connects, and a payin on it gets its callback", async ({
    page,
    context,
  }) => {
    test.setTimeout(60_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const register = await createInCabinet(page, "RSA", "KZT");
    expect(register.requestKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(register.alertKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cash registers" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Cash registers" })).toBeVisible();
    // An empty form: messages next to the fields, focus on the first of them.
    const form = page.getByTestId("add-register-form");
    await form.getByRole("button", { name: "Add register" }).click();
    await expect(form.getByText("Enter a name.")).toBeVisible();
    await expect(form.getByLabel("Name")).toBeFocused();
    await expect(form.getByText("Paste the request key.")).toBeVisible();

    const panel = await addInBackOffice(page, register, "rsa", "KZT");
    const row = page.getByTestId("registers-table").locator(`tr[data-register='${register.name}']`);
    await expect(row).toContainText("in use");
    await expect(form.getByLabel("Name")).toHaveValue("");

    const urls = panel.getByTestId("callback-urls");
    await expect(urls).toContainText(/https:\/\/127\.0\.0\.1:3100\/api\/highhelp\/callback\/r\/[^/]+\/intermediate/);
    await expect(urls).toContainText("/decline");
    const success = ((await urls.getByText(/\/success$/).textContent()) ?? "").trim();
    await panel.getByRole("button", { name: `Copy Success (merchant_success_callback_url) of ${register.name}` }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(success);

    // The sandbox knows the register at once: its own balance book, in its currency only.
    await panel.getByRole("button", { name: "Test connection" }).click();
    const result = panel.getByTestId("connection-result");
    await expect(result).toContainText("Connected. HighHelp answered (HTTP 200)");
    await expect(result).toContainText(/₸[\d,.]+ available/);
    await expect(result).not.toContainText("RUB");

    await payinWithCallback(page, register, "KZT");

    // With an application it cannot be deleted; disabling asks first, and Back changes nothing.
    await page.goto("/registers");
    await panel.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete register" }).click();
    await expect(page.getByText("This cash register has applications and cannot be deleted; disable it instead.")).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    await panel.getByRole("button", { name: "Disable" }).click();
    const question = page.getByRole("dialog", { name: `Disable ${register.name}?` });
    await expect(question).toContainText("No new payins or payouts can be created with it");
    await question.getByRole("button", { name: "Back" }).click();
    await expect(row).toContainText("active");
    await panel.getByRole("button", { name: "Disable" }).click();
    await question.getByRole("button", { name: "Disable register" }).click();
    await expect(page.getByText(`"${register.name}" disabled: no new applications.`)).toBeVisible();
    await expect(row).toContainText("disabled");
    await expect(panel.getByRole("button", { name: "Enable" })).toBeVisible();
  });

  test("makes an HMAC register in the cabinet, gets its callbacks, and retires its old alert key after a question", async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const register = await createInCabinet(page, "HMAC", "UZS");
    expect(register.requestKey).not.toContain("BEGIN");
    const panel = await addInBackOffice(page, register, "hmac", "UZS");
    await panel.getByRole("button", { name: "Test connection" }).click();
    await expect(panel.getByTestId("connection-result")).toContainText("Connected. HighHelp answered (HTTP 200)");
    await expect(panel.getByTestId("connection-result")).toContainText(/UZS\s?[\d,.]+ available/);

    // Each register has its own balances at the sandbox, and the dashboard shows them apart.
    await page.goto("/");
    const own = page.locator(`[data-testid='register-balances'][data-register='${register.name}']`);
    await expect(own.getByTestId("balances")).toContainText("UZS available");
    await expect(own).not.toContainText("KZT");
    const kzt = page.locator("[data-testid='register-balances'][data-register='Kazakhstan KZT']");
    await expect(kzt.getByTestId("balances")).toContainText("KZT available");
    await expect(kzt).not.toContainText("UZS");

    await payinWithCallback(page, register, "UZS");

    // Rotation: a new alert key next to the old one, then the old one retired once asked.
    await page.goto("/registers");
    const keys = panel.getByRole("listitem");
    await expect(keys).toHaveCount(1);
    const oldFingerprint = ((await keys.first().locator(".font-mono").textContent()) ?? "").trim();
    const rotate = panel.getByRole("form", { name: `Rotate the alert key of ${register.name}` });
    await rotate.getByLabel("New alert key: algorithm").selectOption("hmac");
    await rotate.getByLabel("New alert key", { exact: true }).fill(`rotated-${crypto.randomUUID()}`);
    await rotate.getByRole("button", { name: "Add alert key" }).click();
    await expect(page.getByText(/Alert key .+ added; the previous keys verify for 24 more hours\./)).toBeVisible();
    await expect(keys).toHaveCount(2);

    await panel.getByRole("button", { name: `Retire alert key ${oldFingerprint}` }).click();
    const question = page.getByRole("dialog", { name: `Retire alert key ${oldFingerprint}?` });
    await expect(question).toContainText("Callbacks signed with this key are refused from now on.");
    await question.getByRole("button", { name: "Back" }).click();
    await expect(keys).toHaveCount(2);
    await panel.getByRole("button", { name: `Retire alert key ${oldFingerprint}` }).click();
    await question.getByRole("button", { name: "Retire key" }).click();
    await expect(page.getByText("Alert key retired: alerts signed with it are refused from now on.")).toBeVisible();
    await expect(keys).toHaveCount(1);
    await expect(keys.first()).not.toContainText(oldFingerprint);
  });

  test("a register the gateway does not know fails its test in words; without applications it is deleted", async ({ page }) => {
    await page.goto("/registers");
    const register = {
      name: `E2E unknown ${Date.now()}`,
      projectId: crypto.randomUUID(),
      requestKey: rsaPair().privatePem,
      alertKey: rsaPair().publicPem,
    };
    const panel = await addInBackOffice(page, register, "rsa", "KZT");
    await panel.getByRole("button", { name: "Test connection" }).click();
    await expect(panel.getByTestId("connection-result")).toContainText(
      "Connection failed. HighHelp refused the request (HTTP 401)",
    );
    await expect(panel.getByTestId("connection-result")).toContainText("unknown cash register");

    await panel.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete register" }).click();
    await expect(page.getByText("Cash register deleted.")).toBeVisible();
    await expect(page.getByTestId("registers-table").locator(`tr[data-register='${register.name}']`)).toHaveCount(0);
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
