import { expect, test as setup } from "@playwright/test";
import { ACCOUNTS, storageStatePath, type AccountRole } from "./support/accounts";
import { LoginPage } from "./support/login-page";
import { enterCode } from "./support/second-factor";

// Sign in once per role; the specs reuse the saved sessions. The demo admins enter their second-factor code
// (the e2e server's STEP_UP_SECONDS outlasts the run, so these sessions never need a fresh one).
for (const role of Object.keys(ACCOUNTS) as AccountRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    const account = ACCOUNTS[role];
    await login.signIn(account.email, account.password);
    if ("totpSecret" in account && account.totpSecret) await enterCode(page, account.totpSecret);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
