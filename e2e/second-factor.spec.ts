import { expect, test, type Browser, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { wrongTotpCode } from "@/test/totp";
import { storageStatePath } from "./support/accounts";
import { LoginPage } from "./support/login-page";
import { enrol, enterCode, freshCode } from "./support/second-factor";

/*
 * The second factor end to end: a new admin sets up an authenticator app (the test computes the app's
 * codes from the secret it reads on the screen), signs in with a code, is refused a wrong one, signs in
 * once with a recovery code, and is asked for a fresh code before a payout is sent; the same send posted
 * without that code is refused by the server.
 */

const SANDBOX = "http://127.0.0.1:4110";
const CARD = "4400430123456789";
const PASSWORD = "eleven brave steppe eagles";

async function pageAs(browser: Browser, role: "admin" | "approver"): Promise<Page> {
  return (await browser.newContext({ storageState: storageStatePath(role), baseURL: BASE_URL })).newPage();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** A new admin, confirmed by the second demo admin; returns its one-time password. */
async function newAdmin(browser: Browser, email: string): Promise<string> {
  const admin = await pageAs(browser, "admin");
  await admin.goto("/users");
  const form = admin.getByRole("region", { name: "New user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("E2E second factor");
  await form.getByLabel("Role").selectOption("admin");
  await form.getByRole("button", { name: "Create user" }).click();
  const oneTime = ((await admin.getByTestId("one-time-password").textContent()) ?? "").trim();
  expect(oneTime).toHaveLength(20);
  await admin.context().close();

  const approver = await pageAs(browser, "approver");
  await approver.goto("/users");
  await approver
    .locator(`tr[data-email="${email}"]`)
    .getByRole("button", { name: `Confirm admin ${email}` })
    .click();
  await expect(approver.getByText(`${email} is now an admin.`)).toBeVisible();
  await approver.context().close();
  return oneTime;
}

test("a new admin enrols, signs in with codes, uses a recovery code once, and steps up before a payout", async ({ browser }) => {
  test.setTimeout(180_000);
  const email = `second-factor-${Date.now()}@backoffice.test`;
  const oneTime = await newAdmin(browser, email);

  const context = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, oneTime);
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.getByLabel("Current password").fill(oneTime);
  await page.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("New password again").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/login/);

  // Admins must use a second factor: after the password, the set-up page and nothing else.
  await login.signIn(email, PASSWORD);
  await expect(page).toHaveURL(/\/account\/security$/);
  await page.goto("/payouts");
  await expect(page).toHaveURL(/\/account\/security$/);
  const { secret, recoveryCodes } = await enrol(page);
  await signOut(page);

  // Password, then the code; a wrong code is refused and nothing opens meanwhile.
  // The code entry remembers the page asked for and opens it once the code is right.
  await login.signIn(email, PASSWORD);
  await expect(page).toHaveURL(/\/account\/verify$/);
  await page.goto("/payouts?status=success");
  await expect(page).toHaveURL(/\/account\/verify\?next=%2Fpayouts%3Fstatus%3Dsuccess$/);
  await page.getByLabel("Code").fill(wrongTotpCode(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("This code is not right, or was already used.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/account\/verify\?next=/);
  await enterCode(page, secret);
  await expect(page).toHaveURL(/\/payouts\?status=success$/);
  await expect(page.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();
  await signOut(page);

  // A recovery code instead of the app's code.
  const recovery = recoveryCodes[0]!;
  await login.signIn(email, PASSWORD);
  await expect(page).toHaveURL(/\/account\/verify$/);
  await page.getByLabel("Code").fill(recovery);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  // A session opened with a recovery code has not entered the app's code: sending a payout asks for one.
  await page.goto("/payouts/new");
  const paymentId = ((await page.getByTestId("new-payment-id").textContent()) ?? "").trim();
  await page.getByLabel("Receiver card number").fill(CARD);
  await page.getByLabel("Amount").fill("1500.00");
  await page.getByLabel("Description (optional)").fill("Second factor check");
  await page.getByRole("button", { name: "Review payout" }).click();
  await expect(page.getByTestId("payout-review")).toBeVisible();
  const sent = page.waitForRequest((request) => request.method() === "POST" && !!request.headers()["next-action"]);
  await page.getByRole("button", { name: "Send payout" }).click();
  const dialog = page.getByTestId("step-up-dialog");
  await expect(dialog.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();

  // The same send posted straight to the server, without the UI: refused, nothing reaches HighHelp.
  const request = await sent;
  const headers = Object.fromEntries(
    Object.entries(await request.allHeaders()).filter(
      ([name]) => !name.startsWith(":") && name !== "cookie" && name !== "content-length",
    ),
  );
  const direct = await context.request.post("/payouts/new", { headers, data: request.postDataBuffer() ?? Buffer.alloc(0) });
  expect(await direct.text()).toContain("forbidden:step_up");
  const before = await fetch(`${SANDBOX}/sandbox/applications/${encodeURIComponent(paymentId)}`);
  expect(before.status).toBe(404);

  // The dialog takes the app's code only, then sends the payout.
  await dialog.getByLabel("Code").fill(recoveryCodes[1]!);
  await dialog.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(dialog.getByText("Here only a code from the authenticator app works, not a recovery code.")).toBeVisible();
  await dialog.getByLabel("Code").fill(await freshCode(secret));
  await dialog.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
  await signOut(page);

  // A recovery code works once.
  await login.signIn(email, PASSWORD);
  await expect(page).toHaveURL(/\/account\/verify$/);
  await page.getByLabel("Code").fill(recovery);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("This code is not right, or was already used.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/account\/verify$/);
  await context.close();
});

test("another admin resets a user's second factor: the user is signed out and the factor is gone", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `reset-factor-${Date.now()}@backoffice.test`;
  const admin = await pageAs(browser, "admin");
  await admin.goto("/users");
  const form = admin.getByRole("region", { name: "New user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("E2E reset factor");
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Create user" }).click();
  const oneTime = ((await admin.getByTestId("one-time-password").textContent()) ?? "").trim();

  // A viewer need not use a second factor, but may set one up.
  const context = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const user = await context.newPage();
  const login = new LoginPage(user);
  await login.goto();
  await login.signIn(email, oneTime);
  await user.getByLabel("Current password").fill(oneTime);
  await user.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await user.getByLabel("New password again").fill(PASSWORD);
  await user.getByRole("button", { name: "Change password" }).click();
  await expect(user).toHaveURL(/\/login/);
  await login.signIn(email, PASSWORD);
  await expect(user.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await user.getByRole("link", { name: "Security" }).click();
  await enrol(user);

  await admin.goto("/users");
  const row = admin.locator(`tr[data-email="${email}"]`);
  await expect(row.getByTestId("user-second-factor")).toHaveText("on");
  await row.getByRole("button", { name: `Reset second factor of ${email}` }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Reset second factor" }).click();
  await expect(admin.getByText("Second factor removed").first()).toBeVisible();
  await expect(row.getByTestId("user-second-factor")).toHaveText("off");

  // Signed out at the next click; signing in again asks for no code.
  await user.goto("/payins");
  await expect(user).toHaveURL(/\/login/);
  await login.signIn(email, PASSWORD);
  await expect(user.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await context.close();
  await admin.context().close();
});
