import { expect, test as setup } from "@playwright/test";
import { ACCOUNTS, storageStatePath, type AccountRole } from "./support/accounts";
import { LoginPage } from "./support/login-page";

// Sign in once per role; the specs reuse the saved sessions.
for (const role of Object.keys(ACCOUNTS) as AccountRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(ACCOUNTS[role].email, ACCOUNTS[role].password);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
