import { expect, test, type Browser, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { storageStatePath } from "./support/accounts";
import { LoginPage } from "./support/login-page";

/*
 * Staff scoped to cash registers, against the sandbox's two registers: an admin creates an
 * operator and a finance user who see the Kyrgyzstan KGS register only. The operator's payin goes
 * to that register; the finance user's lists, export and application pages hold KGS applications
 * only, and a Kazakhstan KZT application's address answers "not found".
 */

const KGS = "Kyrgyzstan KGS";

async function createScopedUser(admin: Page, email: string, role: "viewer" | "operator"): Promise<string> {
  await admin.goto("/users");
  const form = admin.getByRole("region", { name: "New user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(`Scoped ${role}`);
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("Only these cash registers").check();
  await form.getByLabel(KGS).check();
  await form.getByRole("button", { name: "Create user" }).click();
  const password = (await admin.getByTestId("one-time-password").textContent())?.trim() ?? "";
  expect(password).toHaveLength(20);
  await expect(admin.locator(`tr[data-email="${email}"]`).getByTestId("user-registers")).toContainText(KGS);
  return password;
}

/** A new browser, signed in as the new user (the one-time password replaced first). */
async function signedIn(browser: Browser, email: string, oneTime: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const login = new LoginPage(page);
  const password = "nine patient mountain goats";
  await login.goto();
  await login.signIn(email, oneTime);
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.getByLabel("Current password").fill(oneTime);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("New password again").fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/login/);
  await login.signIn(email, password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return page;
}

/** Creates a payin from the form; returns its payment_id and its page's path. */
async function createPayin(page: Page, currency: string): Promise<{ paymentId: string; path: string }> {
  await page.goto("/payins/new");
  const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
  await page.getByLabel("Amount").fill("1500.00");
  await page.getByLabel("Currency").selectOption(currency);
  await page.getByRole("button", { name: "Create payin" }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
  return { paymentId, path: new URL(page.url()).pathname };
}

test.use({ storageState: storageStatePath("admin") });

test("a finance user scoped to the KGS register sees KGS applications only", async ({ page: admin, browser }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();

  // An admin's payin goes to the default register, Kazakhstan KZT.
  const kzt = await createPayin(admin, "KZT");
  await expect(admin.getByText("5a4db0c5-7e57-4b0c-8a11-000000000001")).toBeVisible();

  // An operator of the KGS register only: their payin goes to that register.
  const operatorEmail = `kgs-operator-${stamp}@backoffice.test`;
  const operator = await signedIn(browser, operatorEmail, await createScopedUser(admin, operatorEmail, "operator"));
  const kgs = await createPayin(operator, "KGS");
  await expect(operator.getByText("5a4db0c5-7e57-4b0c-8a11-000000000002")).toBeVisible();
  await operator.context().close();

  const financeEmail = `kgs-finance-${stamp}@backoffice.test`;
  const finance = await signedIn(browser, financeEmail, await createScopedUser(admin, financeEmail, "viewer"));

  // The list: the KGS payin, no KZT one (nor the seeded rows of a register that is not theirs).
  await finance.goto("/payins");
  const rows = finance.getByTestId("applications-table").locator("tbody tr");
  await expect(rows.filter({ hasText: kgs.paymentId })).toHaveCount(1);
  await expect(rows.filter({ hasText: kzt.paymentId })).toHaveCount(0);
  await expect(rows.filter({ hasText: "SEED-PI-" })).toHaveCount(0);
  const count = Number(await finance.getByTestId("list-count").getAttribute("data-count"));
  await expect(rows).toHaveCount(count);
  for (const text of await rows.allInnerTexts()) expect(text).toContain("KGS");

  // The list's totals count their register only, from the rollups once the fold has taken the new payin in.
  const totals = finance.getByTestId("list-totals");
  await expect(async () => {
    await finance.reload();
    await expect(totals).toHaveAttribute("data-source", "rollups", { timeout: 1_000 });
    const listed = await finance.getByTestId("list-count").getAttribute("data-count");
    await expect(totals).toHaveAttribute("data-count", listed ?? "", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  expect(await totals.locator("[data-currency]").evaluateAll((els) => els.map((e) => e.getAttribute("data-currency")))).toEqual([
    "KGS",
  ]);

  // The dashboard's per-register table names their register, and no other.
  await finance.goto("/");
  await expect(finance.getByTestId("register-name").first()).toBeVisible();
  expect(new Set(await finance.getByTestId("register-name").allInnerTexts())).toEqual(new Set([KGS]));

  // Their own application opens; the KZT one's address is not found, like an id that never existed.
  await finance.goto(kgs.path);
  await expect(finance.getByRole("heading", { level: 1 })).toContainText(kgs.paymentId);
  // (The page streams, so its status is that of a missing id too, whatever it is: the layout went out first.)
  const missing = await finance.goto("/applications/999999999");
  await expect(finance.getByText("This page could not be found.")).toBeVisible();
  const response = await finance.goto(kzt.path);
  expect(response?.status()).toBe(missing?.status());
  await expect(finance.getByText("This page could not be found.")).toBeVisible();
  await expect(finance.locator("body")).not.toContainText(kzt.paymentId);

  // The routes behind the page and the list agree.
  const kztId = kzt.path.split("/").at(-1);
  const version = await finance.request.get(`/api/applications/${kztId}/version`);
  expect(version.status()).toBe(404);
  expect(await version.json()).toEqual(
    (await (await finance.request.get("/api/applications/999999999/version")).json()) as unknown,
  );
  const csv = await (await finance.request.get("/api/applications/export?type=payin")).text();
  expect(csv).toContain(kgs.paymentId);
  expect(csv).not.toContain(kzt.paymentId);
  await finance.context().close();

  // The admin still sees both.
  await admin.goto(kgs.path);
  await expect(admin.getByRole("heading", { level: 1 })).toContainText(kgs.paymentId);
});
