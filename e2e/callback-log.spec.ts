import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, storageStatePath } from "./support/accounts";
import { freshCode } from "./support/second-factor";

/*
 * The callback log: a payin's signed callback arrives through the sandbox gateway, the admin finds it in the
 * log by payment id, opens it (headers and body, no signature) and re-applies it: it had already been
 * applied, so nothing changes and the page says so.
 */

/** Confirms a step-up action: the fresh code when the dialog asks for one. */
async function passStepUp(page: Page, done: ReturnType<Page["getByTestId"]>): Promise<void> {
  const dialog = page.getByTestId("step-up-dialog");
  await expect(done.or(dialog.getByRole("heading", { name: "Confirm it's you" }))).toBeVisible();
  if (await dialog.isVisible()) {
    await dialog.getByLabel("Code").fill(await freshCode(ACCOUNTS.admin.totpSecret!));
    await dialog.getByRole("button", { name: "Confirm and continue" }).click();
  }
}

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("re-applies a stored delivery from the log with no change", async ({ page }) => {
    await page.goto("/payins/new");
    const paymentId = ((await page.getByTestId("new-payment-id").textContent()) ?? "").trim();
    await page.getByLabel("Amount").fill("1500.00");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    // The sandbox's signed callback brings the instructions.
    await expect(page.getByTestId("instructions-card").getByText("Card number")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId("status-timeline")).toContainText("by Demo Admin");
    const statusBefore = (await page.getByTestId("application-status").innerText()).trim();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Callback log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Callback log" })).toBeVisible();
    await page.getByLabel("Payment ID").fill(paymentId);
    // The first delivery repeats what the create's answer already said; the one that moved the status is applied.
    await page.getByLabel("Outcome").selectOption("applied");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("payment")).toBe(paymentId);
    const table = page.getByTestId("callback-log-table");
    await expect(table.getByTestId("callback-outcome").first()).toHaveText("applied");
    await table.getByTestId("callback-entry-link").first().click();

    await expect(page.getByRole("heading", { level: 1, name: "Callback delivery" })).toBeVisible();
    await expect(page.getByTestId("callback-verification")).toContainText("verified");
    await expect(page.getByTestId("callback-body")).toContainText(paymentId);
    await expect(page.getByTestId("callback-detail-outcome")).toContainText("applied");
    await expect(page.getByTestId("callback-headers")).toContainText("content-type");
    await expect(page.getByTestId("callback-headers")).not.toContainText("x-access-signature");
    await expect(page.getByTestId("callback-events")).toBeVisible();
    await expect(page.getByTestId("callback-application-link")).toHaveText(paymentId);

    await page.getByRole("button", { name: "Re-apply" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Re-apply" }).click();
    const result = page.getByTestId("callback-action-result");
    await passStepUp(page, result.getByText(/no change/));
    await expect(result).toContainText("Re-applied: no change");

    await page.getByTestId("callback-application-link").click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
    await expect(page.getByTestId("application-status")).toHaveText(statusBefore);
  });
});

test.describe("admin, filtering by days", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("is told next to the field, which takes the focus, when the period ends before it starts", async ({ page }) => {
    await page.goto("/callbacks");
    await page.getByLabel("From", { exact: true }).fill("2026-11-30");
    await page.getByLabel("To", { exact: true }).fill("2026-11-01");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const to = page.getByLabel("To", { exact: true });
    await expect(to).toHaveAttribute("aria-invalid", "true");
    await expect(to).toBeFocused();
    await expect(page.getByText("Not before “From”: choose a later day, or an earlier start.")).toBeVisible();
    expect(new URL(page.url()).searchParams.get("from")).toBeNull();

    await to.fill("2026-12-01");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("to")).toBe("2026-12-01");
    await expect(page.getByLabel("To", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("gets the not-allowed page at /callbacks and no link to it", async ({ page }) => {
    await page.goto("/callbacks");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Callback log" })).toHaveCount(0);
  });
});
