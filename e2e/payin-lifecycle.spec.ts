import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

/*
 * A payin's life as staff see it, against the sandbox gateway: created by an operator, the payer
 * instructions arrive by callback (no reload), confirm / cancel change the status with a toast.
 * Amounts pick the sandbox's outcome (README, Sandbox gateway: last two digits).
 */

async function createPayin(page: Page, amount: string): Promise<string> {
  await page.goto("/payins/new");
  const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
  await page.getByLabel("Amount").fill(amount);
  await page.getByLabel("Customer ID (optional)").fill("cus-e2e");
  await page.getByRole("button", { name: "Create payin" }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
  return paymentId;
}

test.describe("operator", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("creates a payin, sees the instructions arrive, confirms it and watches it succeed", async ({ page }) => {
    await createPayin(page, "1500.00");
    const card = page.getByTestId("instructions-card");
    // Arrives by the sandbox's signed callback; the page updates itself.
    await expect(card.getByText("Card number")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId("instructions-countdown")).toContainText("left");
    await expect(card).toContainText("₸1,500.00");
    await expect(page.getByTestId("application-status")).toContainText("awaiting confirm");

    await page.getByRole("button", { name: "Confirm payment" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm payment" }).click();
    await expect(page.getByText(/Payment confirmed/)).toBeVisible();
    await expect(page.getByTestId("application-status")).toContainText("success", { timeout: 15_000 });
    const timeline = page.getByTestId("status-timeline");
    await expect(timeline).toContainText("Callback");
    // Events a person caused name them instead of "API response"; so does the application's summary.
    await expect(timeline).toContainText("by Demo Operator");
    await expect(timeline).not.toContainText("API response");
    await expect(page.getByTestId("created-by")).toContainText("Demo Operator");
    await expect(page.getByTestId("confirmed-by")).toContainText("Demo Operator");
    await expect(page.getByTestId("callback-deliveries")).toContainText("verified");
    // Final: nothing left to confirm or cancel, and no greyed-out buttons that say otherwise.
    await expect(page.getByRole("button", { name: "Refresh", exact: true })).toBeEnabled();
    await expect(page.getByRole("button", { name: "Confirm payment" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Cancel", exact: true })).toHaveCount(0);
  });

  test("preselects the payer's bank from the register's list, and the sandbox issues instructions of that bank", async ({
    page,
  }) => {
    await page.goto("/payins/new");
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    const bank = page.getByLabel("Bank (optional)");
    await expect(bank).toHaveValue("");
    // The KZT register's banks that take KZT only: no KGS bank of the sandbox's directory.
    await expect(bank.getByRole("option", { name: "Halyk Bank (halyk-kzt)" })).toHaveCount(1);
    await expect(bank.getByRole("option", { name: /kgs\)$/ })).toHaveCount(0);
    await page.getByRole("button", { name: "Refresh banks" }).click();
    await expect(page.getByText(/Bank list of "Kazakhstan KZT" refreshed: \d+ banks\./)).toBeVisible();
    await bank.selectOption("halyk-kzt");
    await page.getByLabel("Amount").fill("1700.00");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
    await expect(page.getByTestId("application-bank")).toHaveText("Halyk Bank (halyk-kzt)");
    // The sandbox issues the recipient's requisites in the bank it was asked for, and names it by its symbol.
    const card = page.getByTestId("instructions-card");
    await expect(card.getByText("Card number")).toBeVisible({ timeout: 15_000 });
    await expect(card.getByText("halyk-kzt", { exact: true })).toBeVisible();
  });

  test("cancels a payin after confirming the question", async ({ page }) => {
    await createPayin(page, "800.00");
    await expect(page.getByTestId("application-status")).toContainText("awaiting confirm", { timeout: 15_000 });
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Back" }).click();
    await expect(page.getByTestId("application-status")).toContainText("awaiting confirm");
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel application" }).click();
    await expect(page.getByText(/Application cancelled/)).toBeVisible();
    await expect(page.getByTestId("application-status")).toContainText("decline");
    await expect(page.getByTestId("status-description")).toHaveText("Canceled by client");
  });

  test("sees an amount change from a dispute flagged on the page", async ({ page }) => {
    await createPayin(page, "1000.92"); // sandbox rule 92: paid → different_amount → success at 90 %
    await expect(page.getByTestId("application-status")).toContainText("awaiting confirm", { timeout: 15_000 });
    await page.getByRole("button", { name: "Confirm payment" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm payment" }).click();
    await expect(page.getByTestId("application-status")).toContainText("success", { timeout: 15_000 });
    await expect(page.getByTestId("amount-warning")).toContainText("₸900.82");
  });

  test("creates a widget payin and gets the payment page link to send to the customer", async ({ page }) => {
    await page.goto("/payins/new");
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    await page.getByLabel("Payment page link (widget)").check();
    await page.getByLabel("Method").selectOption("payin-p2p-card");
    await page.getByLabel("Amount").fill("2500.00");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
    const link = page.getByRole("link", { name: /^http:\/\/127\.0\.0\.1:4110\/pay\// });
    await expect(link).toBeVisible();
    await expect(page.getByRole("button", { name: "Copy payment page link" })).toBeVisible();
  });

  test("gets a message next to each broken field, and nothing is created", async ({ page }) => {
    await page.goto("/payins/new");
    await page.getByLabel("Amount").fill("12.3456");
    await page.getByLabel("Lifetime, seconds (optional)").fill("60");
    await page.getByLabel("Customer country (optional)").fill("kz");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page.getByText("Use at most 2 decimals for KZT.")).toBeVisible();
    await expect(page.getByText("At least 300 seconds.")).toBeVisible();
    await expect(page.getByText("Two capital letters, e.g. KZ.")).toBeVisible();
    await expect(page).toHaveURL(/\/payins\/new$/);
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("cannot open the new payin page and sees no actions", async ({ page }) => {
    await page.goto("/payins/new");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New payin" })).toHaveCount(0);
  });
});
