import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/login");
    await expect(this.page.getByRole("heading", { name: "Sign in to the back-office" })).toBeVisible();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /**
   * Signs in and waits until the answer is on screen: once it renders, React resets the form, so the
   * password field is empty again. An error text alone can be the previous attempt's.
   */
  async signInAndAwaitAnswer(email: string, password: string): Promise<void> {
    await this.signIn(email, password);
    await expect(this.page.getByLabel("Password")).toHaveValue("");
    await expect(this.page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
}
