import { expect, test, type Browser, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { storageStatePath } from "./support/accounts";
import { LoginPage } from "./support/login-page";
import { enrol } from "./support/second-factor";

/*
 * Accounts and sign-in protection: an admin creates users with one-time passwords,
 * disabling signs a user out at their next click, and repeated failures throttle the account.
 */

async function createUser(page: Page, email: string, role: "viewer" | "operator" | "admin"): Promise<string> {
  await page.goto("/users");
  const form = page.getByRole("region", { name: "New user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(`E2E ${role}`);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Create user" }).click();
  const password = (await page.getByTestId("one-time-password").textContent())?.trim() ?? "";
  expect(password).toHaveLength(20);
  return password;
}

async function freshPage(browser: Browser): Promise<Page> {
  // Explicitly empty: contexts made inside a test inherit the file's storageState otherwise.
  const context = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** Signs in with the one-time password, replaces it (the app insists), and signs in again. */
async function firstSignIn(user: Page, email: string, oneTime: string, password: string): Promise<void> {
  const login = new LoginPage(user);
  await login.goto();
  await login.signIn(email, oneTime);
  await expect(user).toHaveURL(/\/account\/password$/);
  await user.getByLabel("Current password").fill(oneTime);
  await user.getByLabel("New password", { exact: true }).fill(password);
  await user.getByLabel("New password again").fill(password);
  await user.getByRole("button", { name: "Change password" }).click();
  await expect(user).toHaveURL(/\/login/);
  await login.signIn(email, password);
  // Admins must use a second factor (the default): they set it up first.
  const landed = user.getByRole("heading", { level: 1, name: /^(Dashboard|Security)$/ });
  await expect(landed).toBeVisible();
  if ((await landed.textContent()) === "Security") await enrol(user);
  await expect(user.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("creates a user whose one-time password must be replaced at first sign-in", async ({ page, browser }) => {
    const email = `new-${Date.now()}@backoffice.test`;
    const oneTime = await createUser(page, email, "operator");
    await expect(page.getByTestId("users-table")).toContainText(email);

    const user = await freshPage(browser);
    const login = new LoginPage(user);
    await login.goto();
    await login.signIn(email, oneTime);
    await expect(user).toHaveURL(/\/account\/password$/);
    await user.getByLabel("Current password").fill(oneTime);
    await user.getByLabel("New password", { exact: true }).fill("short");
    await user.getByLabel("New password again").fill("short");
    await user.getByRole("button", { name: "Change password" }).click();
    await expect(user.locator("#field-password-error")).toHaveText("Use at least 12 characters.");

    await user.getByLabel("New password", { exact: true }).fill("seven green tenge coins");
    await user.getByLabel("New password again").fill("seven green tenge coins");
    await user.getByRole("button", { name: "Change password" }).click();
    await expect(user).toHaveURL(/\/login/);
    await login.signIn(email, "seven green tenge coins");
    await expect(user.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await user.context().close();
  });

  test("disabling a user signs them out at their next request", async ({ page, browser }) => {
    const email = `disabled-${Date.now()}@backoffice.test`;
    const oneTime = await createUser(page, email, "viewer");
    const user = await freshPage(browser);
    await firstSignIn(user, email, oneTime, "four quiet river stones");

    await page.goto("/users");
    await page.getByRole("button", { name: `Disable ${email}` }).click();
    await page
      .getByRole("dialog", { name: `Disable ${email}?` })
      .getByRole("button", { name: "Disable user" })
      .click();
    await expect(page.getByText("User disabled and signed out everywhere.")).toBeVisible();

    await user.goto("/payins");
    await expect(user).toHaveURL(/\/login/);
    await new LoginPage(user).signIn(email, "four quiet river stones");
    await expect(user.getByTestId("login-error")).toHaveText("Wrong email or password.");
    await user.context().close();
  });

  test("reads the installation's settings: gateway, callback URLs, payout limits, no secrets", async ({ page }) => {
    await page.goto("/settings");
    await expect(page.getByText("local sandbox (no real money)")).toBeVisible();
    await expect(page.getByText("https://127.0.0.1:3100/api/highhelp/callback/success")).toBeVisible();
    await expect(page.getByTestId("payout-limits")).toContainText("5\u202f000\u202f000.00 KZT");
    await expect(page.locator("main")).not.toContainText("PRIVATE KEY");
  });

  // The last-admin rule itself is enforced on the server: lib/accounts/commands.int.test.ts.
  test("sees no button to disable their own account", async ({ page }) => {
    await page.goto("/users");
    await expect(page.getByRole("button", { name: "Disable admin@backoffice.test" })).toHaveCount(0);
  });
});

test("a new admin waits for a second admin's confirmation, and cannot approve its creator's payouts", async ({ browser }) => {
  const admin = await (await browser.newContext({ storageState: storageStatePath("admin"), baseURL: BASE_URL })).newPage();
  const email = `new-admin-${Date.now()}@backoffice.test`;
  const oneTime = await createUser(admin, email, "admin");
  await expect(admin.getByText(`User ${email} created: it can sign in once another admin confirms it.`)).toBeVisible();
  const row = admin.locator(`tr[data-email="${email}"]`);
  await expect(row.getByTestId("pending-role")).toHaveText(
    "admin: awaiting confirmation by another admin (asked by admin@backoffice.test)",
  );
  // The admin who asked has no button to confirm it (the server refuses them too).
  await expect(row.getByRole("button", { name: `Confirm admin ${email}` })).toHaveCount(0);

  const user = await freshPage(browser);
  const login = new LoginPage(user);
  await login.goto();
  await login.signInAndAwaitAnswer(email, oneTime);
  await expect(user.getByTestId("login-error")).toHaveText("Wrong email or password.");
  await expect(user).toHaveURL(/\/login/);

  const approver = await (await browser.newContext({ storageState: storageStatePath("approver"), baseURL: BASE_URL })).newPage();
  await approver.goto("/users");
  const approverRow = approver.locator(`tr[data-email="${email}"]`);
  await expect(approverRow.getByTestId("pending-role")).toBeVisible();
  await approverRow.getByRole("button", { name: `Confirm admin ${email}` }).click();
  await expect(approver.getByText(`${email} is now an admin.`)).toBeVisible();
  await expect(approverRow.getByTestId("pending-role")).toHaveCount(0);
  await expect(approverRow).toContainText("one-time password");

  await firstSignIn(user, email, oneTime, "nine silver steppe horses");

  // The demo admin created this account, so it is not a second pair of eyes on the demo admin's payouts.
  await admin.goto("/payouts/new");
  await admin.getByLabel("Receiver card number").fill("4400430123456789");
  await admin.getByLabel("Amount").fill("600000.00");
  await admin.getByRole("button", { name: "Review payout" }).click();
  await admin.getByRole("button", { name: "Submit for approval" }).click();
  await expect(admin).toHaveURL(/\/applications\/\d+$/);
  await user.goto(admin.url());
  await expect(user.getByTestId("approval-refused")).toHaveText(
    "This payout's creator created your account, so they may be able to sign in as you: an admin independent of them must approve it.",
  );
  await expect(user.getByRole("button", { name: "Approve and send" })).toHaveCount(0);
  // Anyone may still reject it; the demo approver (independent of both) could approve it.
  await approver.goto(admin.url());
  await expect(approver.getByRole("button", { name: "Approve and send" })).toBeVisible();
  await approver.getByLabel("Reason for refusing").fill("e2e: not needed");
  await approver.getByRole("button", { name: "Refuse payout" }).click();
  await approver.getByRole("dialog").getByRole("button", { name: "Refuse for good" }).click();
  await expect(approver.getByTestId("payout-panel")).toHaveCount(0);

  for (const page of [admin, user, approver]) await page.context().close();
});

test("repeated failed sign-ins throttle the account, even with the right password next", async ({ browser }) => {
  const admin = await browser.newContext({ storageState: storageStatePath("admin"), baseURL: BASE_URL });
  const email = `throttled-${Date.now()}@backoffice.test`;
  const oneTime = await createUser(await admin.newPage(), email, "viewer");
  await admin.close();

  const page = await freshPage(browser);
  const login = new LoginPage(page);
  await login.goto();
  for (let i = 0; i < 5; i++) {
    await login.signInAndAwaitAnswer(email, `wrong password ${i}`);
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  }
  await login.signIn(email, oneTime);
  await expect(page.getByTestId("login-error")).toContainText("Too many failed sign-ins. Try again in 1 minute.");
  await expect(page).toHaveURL(/\/login/);
  await page.context().close();
});

test.describe("viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });
  test("cannot open the users, settings or registers pages", async ({ page }) => {
    for (const path of ["/users", "/settings", "/registers"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    }
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Cash registers" })).toHaveCount(0);
  });
});
