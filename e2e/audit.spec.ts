import fs from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { storageStatePath } from "./support/accounts";

/*
 * The audit log: an admin reads who did what, newest first, and narrows it with filters
 * kept in the URL; other roles get the not-allowed page and no link to it. The operator's payin
 * is made in a browser context of its own while the admin's page stays signed in as the admin.
 */

/** Creates a payin as the operator (own session); returns its payment_id. */
async function createPayinAsOperator(browser: Browser): Promise<string> {
  const context = await browser.newContext({ storageState: storageStatePath("operator"), baseURL: BASE_URL });
  try {
    const page = await context.newPage();
    await page.goto("/payins/new");
    const paymentId = ((await page.getByTestId("new-payment-id").textContent()) ?? "").trim();
    expect(paymentId).toMatch(/^PI-/);
    await page.getByLabel("Amount").fill("1200.00");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
    return paymentId;
  } finally {
    await context.close();
  }
}

const table = (page: Page) => page.getByTestId("audit-table");
const cells = (page: Page, testId: string) => table(page).getByTestId(testId).allInnerTexts();

async function applyFilters(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Apply filters" }).click();
}

/** Waits until the URL's search parameter `name` reads `value` (null: absent). */
async function expectParam(page: Page, name: string, value: string | null): Promise<void> {
  await expect.poll(() => new URL(page.url()).searchParams.get(name)).toBe(value);
}

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("opens the audit log, filters by action and payment id, and follows the target link", async ({ page, browser }) => {
    const paymentId = await createPayinAsOperator(browser);

    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    // The setup's sign-ins and the operator's payin are in the log.
    await expect(table(page)).toContainText(/auth\.sign_in|payin\.create/);
    await expect(page.getByRole("button", { name: /edit|delete/i })).toHaveCount(0);

    // By action: only payin.create entries, among them the operator's, with its details as text.
    await page.getByLabel("Action").selectOption("payin.create");
    await applyFilters(page);
    await expectParam(page, "action", "payin.create");
    await expect.poll(async () => [...new Set(await cells(page, "audit-action"))]).toEqual(["payin.create"]);
    const row = table(page).locator("tbody tr", { hasText: paymentId });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("audit-actor")).toHaveText("operator@backoffice.test");
    // Details as fields: the amount in major units with its currency, the actor by name.
    await expect(row.getByTestId("audit-details")).toContainText("₸1,200.00");
    await expect(row.getByTestId("audit-actor-name")).toHaveText("Demo Operator");
    await expect(row.getByRole("link", { name: paymentId })).toHaveAttribute("href", /^\/applications\/\d+$/);

    // And by payment id (the action filter stays): exactly that payin's creation.
    await page.getByLabel("Payment ID").fill(paymentId);
    await applyFilters(page);
    await expectParam(page, "application", paymentId);
    await expectParam(page, "action", "payin.create");
    await expect.poll(() => cells(page, "audit-target")).toEqual([paymentId]);

    // Any action for that payment: its creation and HighHelp's answer, newest first, all targeting it.
    await page.getByLabel("Action").selectOption({ label: "Any action" });
    await applyFilters(page);
    await expectParam(page, "action", null);
    await expectParam(page, "application", paymentId);
    await expect.poll(() => cells(page, "audit-action")).toEqual(expect.arrayContaining(["payin.create", "payin.sent"]));
    const actions = await cells(page, "audit-action");
    expect(actions.indexOf("payin.sent")).toBeLessThan(actions.indexOf("payin.create"));
    expect(new Set(await cells(page, "audit-target"))).toEqual(new Set([paymentId]));

    await table(page).getByRole("link", { name: paymentId }).first().click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
  });

  test("filters by user email prefix in any case, straight from the URL", async ({ page }) => {
    await page.goto("/audit?user=OPERATOR%40backoffice&action=auth.");
    await expect(page.getByLabel("User email")).toHaveValue("operator@backoffice");
    await expect.poll(async () => [...new Set(await cells(page, "audit-actor"))]).toEqual(["operator@backoffice.test"]);
    const actions = await cells(page, "audit-action");
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^auth\./);
  });

  test("ignores parameters it cannot read and still shows the log", async ({ page }) => {
    const response = await page.goto("/audit?from=2026-02-30&to=soon&after=not-a-cursor&action=%3Cscript%3E");
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("ignored-params")).toContainText("action, from, to, after");
    await expect(table(page).getByTestId("audit-action").first()).toBeVisible();
  });
});

test.describe("admin export", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("downloads the filtered log as CSV that parses, with the page's filters", async ({ page, browser }) => {
    await page.goto("/audit?action=auth.sign_in");
    await page.getByTestId("export-csv").locator("summary").click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-csv").locator('a[data-dialect="comma"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}-\d{4}\.csv$/);
    const bytes = await fs.readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3)).split("\r\n").filter(Boolean);
    expect(lines[0]!.split(",")).toEqual([
      "ID",
      expect.stringMatching(/^Time \(/),
      "Time (UTC)",
      "User email",
      "User name",
      "Action",
      "Target type",
      "Target",
      "Target ID",
      "Payment ID",
      "IP",
      "Details",
    ]);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line.split(",")[5]).toBe("auth.sign_in");

    // Server-side protection: no session, no file.
    const anonymous = await browser.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
    try {
      expect((await anonymous.request.get("/api/audit/export")).status()).toBe(401);
    } finally {
      await anonymous.close();
    }
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("gets the not-allowed page at /audit and no link to it", async ({ page }) => {
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
  });
});
