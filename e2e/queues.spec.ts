import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

/*
 * The work queue and the approvals queue against the sandbox gateway. Amounts pick the sandbox's outcome
 * (README, Sandbox gateway: last two digits): …92 goes paid → dispute (different amount) → success at 90 %.
 */

const CARD = "4400430123456789";

async function createPayin(page: Page, amount: string): Promise<string> {
  await page.goto("/payins/new");
  const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
  await page.getByLabel("Amount").fill(amount);
  await page.getByRole("button", { name: "Create payin" }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
  return paymentId;
}

test.describe("operator", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("works a dispute from the queue to an appeal filed with a ticket, and it leaves the queue", async ({ page }) => {
    const paymentId = await createPayin(page, "1000.92");
    await expect(page.getByTestId("application-status")).toContainText("awaiting confirm", { timeout: 15_000 });
    await page.getByRole("button", { name: "Confirm payment" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm payment" }).click();
    await expect(page.getByTestId("application-status")).toContainText("success", { timeout: 15_000 });
    const applicationUrl = page.url();

    await page.goto("/queue?reason=dispute");
    await expect(page.getByRole("heading", { level: 1, name: "Work queue" })).toBeVisible();
    const row = page.locator(`[data-testid="queue-row"][data-payment-id="${paymentId}"]`);
    await expect(row.getByTestId("queue-reason")).toHaveText("Dispute: different amount");

    await row.getByRole("button", { name: `Assign to me · ${paymentId}` }).click();
    await expect(row.getByTestId("queue-assignee")).toHaveText("operator@backoffice.test");
    await page.getByTestId("queue-mine").click();
    // The tab's own list has replaced the whole queue's: a panel opened before that would be replaced, closed.
    await expect(page.getByTestId("queue-mine")).toHaveAttribute("aria-current", "true");
    await expect(row).toBeVisible();

    await row.getByText("Resolve, snooze or assign").click();
    await expect(row.getByLabel("Resolution")).toHaveValue("appeal_filed");
    await row.getByRole("button", { name: "Resolve", exact: true }).click();
    await expect(row.getByText("An appeal needs the support ticket's reference.")).toBeVisible();
    await row.getByLabel("HighHelp support ticket").fill("HH-20261201-7");
    await row.getByLabel("Note (optional)").fill("Payer sent 90 %; appeal filed.");
    await row.getByRole("button", { name: "Resolve", exact: true }).click();
    await expect(page.getByText("Resolved: the item left the queue.")).toBeVisible();
    await expect(row).toHaveCount(0);

    await page.goto(applicationUrl);
    const history = page.getByTestId("work-history");
    await expect(history.getByTestId("work-resolution")).toContainText("Appeal filed with HighHelp · ticket HH-20261201-7");
    await expect(history.getByTestId("work-note")).toContainText("Payer sent 90 %; appeal filed.");
  });
});

test.describe("operator, several items at once", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("ticks two items, is asked for the note 'other' needs, confirms, and both leave the queue", async ({ page }) => {
    await page.goto("/queue?reason=error");
    const rows = page.getByTestId("queue-row");
    await expect(rows.nth(1)).toBeVisible();
    const picked = [await rows.nth(0).getAttribute("data-payment-id"), await rows.nth(1).getAttribute("data-payment-id")];
    const bar = page.getByTestId("queue-bulk");
    await expect(bar).toContainText("Tick items to assign, snooze or resolve them together.");
    for (const id of picked) await page.getByRole("checkbox", { name: `Select ${id}` }).check();
    await expect(bar.getByRole("status")).toHaveText("2 items selected");

    await bar.getByLabel("Resolution").selectOption("other");
    await bar.getByRole("button", { name: "Resolve", exact: true }).click();
    await expect(bar.getByText("Say in the note what was done.")).toBeVisible();
    await expect(bar.getByLabel("Note (say what was done)")).toBeFocused();
    await bar.getByLabel("Note (say what was done)").fill("Test orders, closed at HighHelp.");
    await bar.getByRole("button", { name: "Resolve", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Resolve 2 items?");
    await dialog.getByRole("button", { name: "Resolve" }).click();
    await expect(page.getByText("2 items resolved: they left the queue.")).toBeVisible();
    for (const id of picked) await expect(page.locator(`[data-testid="queue-row"][data-payment-id="${id}"]`)).toHaveCount(0);
    await expect(bar.getByRole("status")).toHaveText("Tick items to assign, snooze or resolve them together.");
  });
});

test.describe("admins", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("an approver's page shows the payout waiting, badge and bell, without a reload, and approves it from the approvals queue", async ({
    page,
    browser,
    baseURL,
  }) => {
    // The bell polls every 15 s: the change shows at the next poll.
    test.setTimeout(90_000);
    const context = await browser.newContext({ storageState: storageStatePath("approver"), baseURL });
    const approver = await context.newPage();
    await approver.goto("/");
    await expect(approver.getByRole("heading", { level: 1, name: /Dashboard/ })).toBeVisible();
    const badge = approver.getByTestId("nav-badge-approvals");
    const before = (await badge.count()) > 0 ? Number(await badge.textContent()) : 0;
    // Gone after any reload or navigation of the page.
    await approver.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));

    await page.goto("/payouts/new");
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    await page.getByLabel("Receiver card number").fill(CARD);
    await page.getByLabel("Amount").fill("600000.00");
    await page.getByRole("button", { name: "Review payout" }).click();
    await page.getByRole("button", { name: "Submit for approval" }).click();
    await expect(page.getByTestId("application-status")).toContainText("awaiting approval");

    await expect(badge).toHaveText(String(before + 1), { timeout: 40_000 });
    await expect(approver.getByTestId("notification-unread")).toBeVisible();
    expect(await approver.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
    await approver.getByTestId("notification-bell").click();
    const notice = approver.getByTestId("notification-panel").getByRole("link", {
      name: `Payout ${paymentId} waits for your approval`,
    });
    await notice.click();
    await expect(approver).toHaveURL(/\/approvals$/);
    await expect(approver.getByRole("link", { name: /^Approvals/ })).toContainText(/\d/);

    const row = approver.locator(`[data-testid="approval-row"][data-payment-id="${paymentId}"]`);
    await expect(row.getByTestId("approval-waiting")).toContainText("waiting");
    await row.getByLabel("Receiver card number").fill(CARD);
    await row.getByRole("button", { name: "Approve and send" }).click();
    await approver.getByRole("dialog").getByRole("button", { name: "Send to HighHelp" }).click();
    await expect(approver.getByText(/Approved\. Payout created at HighHelp/)).toBeVisible();
    await expect(row).toHaveCount(0);
    // And the badge comes back down by itself.
    if (before === 0) await expect(badge).toHaveCount(0, { timeout: 40_000 });
    else await expect(badge).toHaveText(String(before), { timeout: 40_000 });
    await context.close();
  });
});
