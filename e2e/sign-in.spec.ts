import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { ACCOUNTS, storageStatePath } from "./support/accounts";
import { LoginPage } from "./support/login-page";

test("signing out ends the session for good: a copy of its cookie no longer works", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(ACCOUNTS.operator.email, ACCOUNTS.operator.password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const copied = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await context.close();

  const replay = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: copied, origins: [] } });
  const again = await replay.newPage();
  await again.goto("/payins");
  await expect(again).toHaveURL(/\/login/);
  expect((await replay.request.get("/api/applications/export?type=payin")).status()).toBe(401);
  await replay.close();
});

test.describe("anonymous visitor", () => {
  test("is sent to the login page from any page, and back after signing in", async ({ page }) => {
    await page.goto("/payouts");
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    const login = new LoginPage(page);
    await login.signIn(ACCOUNTS.viewer.email, ACCOUNTS.viewer.password);
    await expect(page).toHaveURL(/\/payouts$/);
    await expect(page.getByRole("heading", { name: "Payouts" })).toBeVisible();
  });

  test("gets a clear message for a wrong password, and for an unknown email the same one", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAndAwaitAnswer(ACCOUNTS.admin.email, "not-the-password");
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/login/);
    await login.signInAndAwaitAnswer("nobody@backoffice.test", "not-the-password");
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  });

  test("gets field messages for an empty form", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
  });

  test("API routes answer 401, health stays public", async ({ request }) => {
    expect((await request.get("/api/health")).status()).toBe(200);
    const res = await request.get("/api/anything", { maxRedirects: 0 });
    expect(res.status()).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthenticated:session", message: "Your session has ended. Sign in again." });
  });
});

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("sees the shell with navigation and their role", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Payins" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Payouts" })).toBeVisible();
    await expect(page.getByTestId("current-user")).toContainText(ACCOUNTS.admin.email);
    await expect(page.getByTestId("current-user")).toContainText("Admin");
  });
});

test.describe("viewer", () => {
  // Signs in afresh: signing out revokes the session, and the saved viewer session is shared.
  test("sees the shell as finance staff, browses payins, and signs out", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(ACCOUNTS.viewer.email, ACCOUNTS.viewer.password);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByTestId("current-user")).toContainText("Finance staff");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payins" }).click();
    // Exact, level 1: the dashboard's "Payins today" heading must not satisfy it before navigation ends.
    await expect(page).toHaveURL(/\/payins$/);
    await expect(page.getByRole("heading", { name: "Payins", exact: true, level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });
});
