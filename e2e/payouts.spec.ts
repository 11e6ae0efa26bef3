import { expect, test, type Browser, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { storageStatePath, type AccountRole } from "./support/accounts";

/*
 * Manual payouts against the sandbox gateway: whatever the browser or the network does,
 * the sandbox's own record shows one create per payout.
 */

const SANDBOX = "http://127.0.0.1:4110";
const CARD = "4400430123456789"; // passes Luhn

async function sandboxRecord(paymentId: string): Promise<{ status: number; creates: number; state?: string }> {
  const response = await fetch(`${SANDBOX}/sandbox/applications/${encodeURIComponent(paymentId)}`);
  const body = (await response.json()) as { creates_received?: number; status?: string };
  return { status: response.status, creates: body.creates_received ?? 0, state: body.status };
}

/** Opens the form, fills a card payout and reviews it; returns the form's payment_id. */
async function reviewCardPayout(page: Page, amount: string, holder = "IVAN IVANOV"): Promise<string> {
  await page.goto("/payouts/new");
  const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
  await page.getByLabel("Receiver card number").fill(CARD);
  await page.getByLabel("Card holder (optional)").fill(holder);
  await page.getByLabel("Amount").fill(amount);
  await page.getByLabel("Description (optional)").fill("Refund of order 1234");
  await page.getByRole("button", { name: "Review payout" }).click();
  await expect(page.getByTestId("payout-review")).toBeVisible();
  return paymentId;
}

type CapturedAction = { headers: Record<string, string>; body: Buffer };

/** The next server-action POST the page makes, as sent (headers and multipart body). */
function captureNextAction(page: Page, options: { abort: boolean }): Promise<CapturedAction> {
  return new Promise((resolve) => {
    void page.route("**/payouts/new", async (route) => {
      const request = route.request();
      if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
      resolve({ headers: await request.allHeaders(), body: request.postDataBuffer() ?? Buffer.alloc(0) });
      if (options.abort) await route.abort();
      else await route.continue();
    });
  });
}

/** Posts a captured server action again, as `role` (its own session cookie), without any UI. */
async function replayAs(
  browser: Browser,
  role: AccountRole,
  action: CapturedAction,
  override: Record<string, string> = {},
): Promise<string> {
  const context = await browser.newContext({ storageState: storageStatePath(role), baseURL: BASE_URL });
  try {
    const headers = Object.fromEntries(
      Object.entries(action.headers).filter(([name]) => !name.startsWith(":") && name !== "cookie" && name !== "content-length"),
    );
    const response = await context.request.post("/payouts/new", { headers: { ...headers, ...override }, data: action.body });
    return `${response.status()} ${await response.text()}`;
  } finally {
    await context.close();
  }
}

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("a double click and a resubmitted form make exactly one payout at the sandbox", async ({ page, browser }) => {
    const paymentId = await reviewCardPayout(page, "1500.00");
    await expect(page.getByTestId("payout-review")).toContainText("440043******6789");
    await expect(page.getByTestId("payout-review")).toContainText("₸1,500.00");
    const sent = captureNextAction(page, { abort: false });
    await page.getByRole("button", { name: "Send payout" }).dblclick();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
    await expect(page.getByText("Payout created at HighHelp.")).toBeVisible();

    // The same form posted again, twice (a retry, the back button): found, nothing sent.
    const action = await sent;
    for (let i = 0; i < 2; i++) expect(await replayAs(browser, "admin", action)).toContain("already submitted");

    await expect(page.getByTestId("application-status")).toContainText("success", { timeout: 15_000 });
    expect(await sandboxRecord(paymentId)).toMatchObject({ status: 200, creates: 1 });
    await expect(page.getByText("440043******6789")).toBeVisible();
  });

  test("a sandbox timeout after create ends, after reconciliation, in one payout that succeeded", async ({ page }) => {
    await page.goto("/payouts/new");
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    // The sandbox applies the create, then drops the connection without answering.
    const fault = await fetch(`${SANDBOX}/sandbox/faults/${paymentId}`, {
      method: "PUT",
      body: JSON.stringify({ timeout_after_create: 0 }),
    });
    expect(fault.status).toBe(200);

    await page.getByLabel("Method").selectOption("phone-p2p");
    await page.getByLabel("Receiver phone").fill("+77001234567");
    await page.getByLabel("Amount").fill("2500.00");
    await page.getByRole("button", { name: "Review payout" }).click();
    await page.getByRole("button", { name: "Send payout" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByText(/answer was lost/).first()).toBeVisible();

    // Reconciliation asks payout/info, finds it, and the callbacks take it to success.
    await expect(page.getByTestId("application-status")).toContainText("success", { timeout: 30_000 });
    await expect(page.getByTestId("payout-panel")).toHaveCount(0);
    expect(await sandboxRecord(paymentId)).toMatchObject({ status: 200, creates: 1, state: "success" });
  });

  test("every broken field gets its message and nothing reaches the sandbox", async ({ page }) => {
    await page.goto("/payouts/new");
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    await page.getByLabel("Receiver card number").fill("4400430123456788");
    await page.getByLabel("Card holder (optional)").fill("<b>Ivan</b>");
    await page.getByLabel("Amount").fill("12.3456");
    await page.getByLabel("Customer email").fill("not-an-email");
    await page.getByLabel("Country").fill("kz");
    await page.getByRole("button", { name: "Review payout" }).click();
    await expect(page.getByText("This card number has a typo")).toBeVisible();
    await expect(page.getByText("Latin or Cyrillic letters, digits, spaces, - . ' only.")).toBeVisible();
    await expect(page.getByText("Use at most 2 decimals for KZT.")).toBeVisible();
    await expect(page.getByText("Enter a valid email.")).toBeVisible();
    await expect(page.getByText("Two capital letters, e.g. KZ.")).toBeVisible();
    await expect(page.getByTestId("payout-review")).toHaveCount(0);

    await page.getByLabel("Method").selectOption("phone-p2p");
    await page.getByLabel("Receiver phone").fill("+7700123");
    await page.getByLabel("Amount").fill("6000000");
    await page.getByLabel("Customer email").fill("");
    await page.getByLabel("Country").fill("");
    await page.getByLabel("Card holder (optional)").fill("");
    await page.getByRole("button", { name: "Review payout" }).click();
    await expect(page.getByText("A Kazakhstan number: +7 and 10 digits")).toBeVisible();

    await page.getByLabel("Receiver phone").fill("+77001234567");
    await page.getByRole("button", { name: "Review payout" }).click();
    await expect(page.getByText("Above the limit of ₸5,000,000.00 per payout.").first()).toBeVisible();
    await expect(page.getByTestId("payout-review")).toHaveCount(0);
    expect((await sandboxRecord(paymentId)).status).toBe(404);
  });

  test("four eyes: the creator cannot approve a large payout, a second admin can", async ({ page, browser }) => {
    const paymentId = await reviewCardPayout(page, "600000.00");
    await expect(page.getByTestId("payout-review")).toContainText("another admin approves it");
    await page.getByRole("button", { name: "Submit for approval" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    const url = page.url();
    await expect(page.getByTestId("application-status")).toContainText("awaiting approval");
    await expect(page.getByText("You created this payout: another admin must approve it.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve and send" })).toHaveCount(0);
    expect((await sandboxRecord(paymentId)).status).toBe(404);

    const context = await browser.newContext({ storageState: storageStatePath("approver"), baseURL: BASE_URL });
    const approver = await context.newPage();
    await approver.goto(url);
    await approver.getByLabel("Receiver card number").fill("4111111111111111");
    await approver.getByRole("button", { name: "Approve and send" }).click();
    await approver.getByRole("dialog").getByRole("button", { name: "Send to HighHelp" }).click();
    await expect(approver.getByText(/not the card the payout was created for/).first()).toBeVisible();
    expect((await sandboxRecord(paymentId)).status).toBe(404);

    await approver.getByLabel("Receiver card number").fill(CARD);
    await approver.getByRole("button", { name: "Approve and send" }).click();
    await approver.getByRole("dialog").getByRole("button", { name: "Send to HighHelp" }).click();
    await expect(approver.getByText(/Approved\. Payout created at HighHelp/)).toBeVisible();
    await expect(approver.getByTestId("application-status")).toContainText("success", { timeout: 15_000 });
    await expect(approver.getByTestId("created-by")).toContainText("approved by approver@backoffice.test");
    await context.close();
    expect(await sandboxRecord(paymentId)).toMatchObject({ status: 200, creates: 1 });
  });

  test("a viewer and an operator posting the create action directly are refused", async ({ page, browser }) => {
    const paymentId = await reviewCardPayout(page, "1200.00");
    const captured = captureNextAction(page, { abort: true });
    await page.getByRole("button", { name: "Send payout" }).click();
    const action = await captured;
    for (const role of ["viewer", "operator"] as const) {
      expect(await replayAs(browser, role, action)).toContain("Your role does not allow this.");
    }
    // Even an admin's session cannot be used from another site: server actions are same-origin only.
    expect(await replayAs(browser, "admin", action, { origin: "https://evil.example" })).toMatch(/^[45]\d\d /);
    expect((await sandboxRecord(paymentId)).status).toBe(404);
    await page.goto(`/payouts?q=${paymentId}`);
    await expect(page.getByText("No payouts match")).toBeVisible();
  });
});

test.describe("viewer and operator", () => {
  for (const role of ["viewer", "operator"] as const) {
    test.describe(role, () => {
      test.use({ storageState: storageStatePath(role) });
      test(`${role} sees no payout form`, async ({ page }) => {
        await page.goto("/payouts/new");
        await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
        await page.goto("/payouts");
        await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New payout" })).toHaveCount(0);
      });
    });
  }
});
