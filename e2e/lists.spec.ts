import fs from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { parseCsv } from "../test/csv";
import { seedPaymentId, seedTypeCounts } from "../drizzle/seed";
import { storageStatePath } from "./support/accounts";

/*
 * The payins / payouts lists against the e2e server seeded with seedApplications(db, { count: 300,
 * seed: 42 }). Other specs may add applications of their own, so exact counts are taken on the
 * seeded rows only (search "SEED-PI-").
 */
const SEEDED = seedTypeCounts(300);

test.use({ storageState: storageStatePath("viewer") });

const table = (page: Page) => page.getByTestId("applications-table");
const bodyRows = (page: Page) => table(page).locator("tbody tr");

/** The payment ids of the rows shown (not of rows still hidden in the page, waiting to be revealed). */
async function rowIds(page: Page): Promise<string[]> {
  return bodyRows(page).locator("td:nth-child(2)").filter({ visible: true }).allInnerTexts();
}

async function listCount(page: Page): Promise<number> {
  const count = page.getByTestId("list-count");
  await expect(count).toBeVisible();
  return Number(await count.getAttribute("data-count"));
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByLabel("Search").fill(text);
  await page.getByLabel("Search").press("Enter");
}

async function statuses(rows: Locator): Promise<string[]> {
  return rows.locator("[data-status]").evaluateAll((els) => els.map((e) => e.getAttribute("data-status") ?? ""));
}

/** "₸27,150.00" → 2715000 (every seeded currency has two decimals). */
function minor(text: string): number {
  return Number(text.replace(/[^\d]/g, ""));
}

test.describe("payins list", () => {
  test("a card number typed whole leaves the browser masked, and the search finds the card by its mask", async ({ page }) => {
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto("/payins");
    await expect(page.getByRole("heading", { name: "Payins" })).toBeVisible();
    // Luhn-valid: a card number.
    await search(page, "4400 4300 0007 4242");
    await expect(page).toHaveURL(/[?&]q=440043(\*|%2A){6}4242(&|$)/);
    await expect(page.getByLabel("Search")).toHaveValue("440043******4242");
    await expect(page.getByTestId("list-count")).toBeVisible();
    expect(requested.filter((url) => /4400\D?4300\D?0007/.test(decodeURIComponent(url)))).toEqual([]);
  });

  test("finds an application by payment_id, and the URL keeps the search", async ({ page }) => {
    const paymentId = seedPaymentId("payin", 42);
    await page.goto("/payins");
    await expect(page.getByRole("heading", { name: "Payins" })).toBeVisible();
    await search(page, paymentId);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${paymentId}(&|$)`));
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(bodyRows(page).first()).toContainText(paymentId);

    await page.reload();
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(page.getByLabel("Search")).toHaveValue(paymentId);

    // A prefix finds every seeded payin.
    await search(page, "SEED-PI-");
    await expect(page).toHaveURL(/[?&]q=SEED-PI-$/);
    expect(await listCount(page)).toBe(SEEDED.payin);
  });

  test("filters by status, and reload keeps the filter", async ({ page }) => {
    await page.goto("/payins?q=SEED-PI-");
    await page.getByTestId("filter-status").locator("summary").click();
    await page.getByRole("checkbox", { name: "decline", exact: true }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]status=decline(&|$)/);
    await expect(page).toHaveURL(/[?&]q=SEED-PI-(&|$)/);

    const declined = await listCount(page);
    expect(declined).toBeGreaterThan(0);
    expect(declined).toBeLessThan(SEEDED.payin);
    expect(new Set(await statuses(bodyRows(page)))).toEqual(new Set(["decline"]));

    await page.reload();
    expect(await listCount(page)).toBe(declined);
    expect(new Set(await statuses(bodyRows(page)))).toEqual(new Set(["decline"]));
  });

  test("pages forward and back with next / previous, and changes the page size", async ({ page }) => {
    await page.goto("/payins?q=SEED-PI-&size=25");
    const pagination = page.getByRole("navigation", { name: "Pagination" });
    // The results stream in after the page's shell, and React may keep them hidden in the page for a moment after
    // the load event (it batches the reveals): rows are counted and read once they show.
    const shownRows = bodyRows(page).filter({ visible: true });
    await expect(shownRows).toHaveCount(25);
    const first = await rowIds(page);
    await expect(pagination.getByText("Previous page")).toHaveAttribute("aria-disabled", "true");

    await pagination.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]after=/);
    await expect(shownRows).toHaveCount(25);
    const second = await rowIds(page);
    expect(second.some((id) => first.includes(id))).toBe(false);

    await page.reload();
    await expect.poll(() => rowIds(page)).toEqual(second);

    await pagination.getByRole("link", { name: "Previous page" }).click();
    await expect(page).toHaveURL(/[?&]before=/);
    await expect.poll(() => rowIds(page)).toEqual(first);

    // A new page size starts again at the first page; then every seeded payin exactly once.
    await pagination.getByRole("group", { name: "Rows per page" }).getByRole("link", { name: "100" }).click();
    await expect(page).toHaveURL(/[?&]size=100(&|$)/);
    await expect(page).not.toHaveURL(/before=/);
    await expect(shownRows).toHaveCount(100);
    await expect(pagination.getByText("First page")).toHaveAttribute("aria-disabled", "true");
    const seen: string[] = [];
    for (;;) {
      const ids = await rowIds(page);
      seen.push(...ids);
      const next = pagination.getByRole("link", { name: "Next page" });
      if ((await next.count()) === 0) break;
      // A full load per page: rows and pagination then come from the same render (the click
      // path is covered above), so the walk cannot read a half-updated page.
      await page.goto((await next.getAttribute("href"))!);
      await expect(pagination).toBeVisible();
      await expect.poll(async () => (await rowIds(page))[0]).not.toBe(ids[0]);
    }
    expect(seen.length).toBe(SEEDED.payin);
    expect(new Set(seen).size).toBe(SEEDED.payin);
  });

  test("sorts on the server by a header click, both ways (amounts within one currency)", async ({ page }) => {
    await page.goto("/payins?q=SEED-PI-&currency=KZT");
    const amountHeader = table(page).getByRole("columnheader", { name: "Amount" });
    await amountHeader.getByRole("link").click();
    await expect(page).toHaveURL(/[?&]sort=amount(&|$)/);
    await expect(amountHeader).toHaveAttribute("aria-sort", "descending");
    await expect(page.getByTestId("amount-sort-note")).toContainText("currencies are not mixed");
    const desc = (await bodyRows(page).locator("td:nth-child(3)").allInnerTexts()).map(minor);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));

    await amountHeader.getByRole("link").click();
    await expect(page).toHaveURL(/[?&]dir=asc(&|$)/);
    await expect(amountHeader).toHaveAttribute("aria-sort", "ascending");
    const asc = (await bodyRows(page).locator("td:nth-child(3)").allInnerTexts()).map(minor);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(asc[0]).toBeLessThanOrEqual(desc.at(-1)!);

    await page.goto("/payins?q=SEED-PI-");
    await table(page).getByRole("columnheader", { name: "Payment ID" }).getByRole("link").click();
    await expect(page).toHaveURL(/[?&]sort=payment_id&dir=asc/);
    await expect(bodyRows(page).first()).toContainText(seedPaymentId("payin", 1));
  });

  test("the needs-attention view shows only disputes, errors, changed amounts and overdue ones", async ({ page }) => {
    await page.goto("/payins");
    await page.getByRole("navigation", { name: "Payins views" }).getByRole("link", { name: "Needs attention" }).click();
    await expect(page).toHaveURL(/[?&]view=attention(&|$)/);
    await expect(page.getByRole("link", { name: "Needs attention" })).toHaveAttribute("aria-current", "page");
    await expect(bodyRows(page).first()).toBeVisible();
    expect(await listCount(page)).toBeGreaterThan(0);
    const rows = await bodyRows(page).all();
    for (const row of rows) {
      const status = await row.locator("[data-status]").getAttribute("data-status");
      const marks = await row.locator("[data-attention]").count();
      expect(status === "dispute" || status === "error" || marks > 0, `row: ${await row.innerText()}`).toBe(true);
    }
  });

  test("says so when nothing matches, and clears the filters", async ({ page }) => {
    await page.goto("/payins");
    await search(page, "NO-SUCH-PAYMENT-ID");
    await expect(page).toHaveURL(/[?&]q=NO-SUCH-PAYMENT-ID$/);
    await expect(page.getByTestId("empty-state")).toHaveText(/No payins match these filters/);
    expect(await listCount(page)).toBe(0);
    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/payins$/);
    await expect(page.getByLabel("Search")).toHaveValue("");
    await expect(page.getByTestId("empty-state")).toHaveCount(0);
  });

  test("a link whose period ends before it starts says, next to its end, why the list is empty", async ({ page }) => {
    await page.goto("/payins?from=2026-11-30&to=2026-11-01");
    await expect(page.getByTestId("empty-state")).toBeVisible();
    await expect(page.getByLabel("Created to", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Not before “Created from”: choose a later day, or an earlier start.")).toBeVisible();
  });

  test("opens an application on row click and on Enter", async ({ page }) => {
    await page.goto(`/payins?q=${seedPaymentId("payin", 7)}`);
    const row = bodyRows(page).first();
    await row.locator("td").nth(5).click(); // the customer cell, not the payment_id link
    await expect(page).toHaveURL(/\/applications\/\d+$/);

    await page.goBack();
    await bodyRows(page).first().focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/applications\/\d+$/);
  });

  test("never fails on a bad address: falls back and says what it ignored", async ({ page }) => {
    const response = await page.goto(
      "/payins?sort=drop%20table&dir=up&size=-5&min=abc&from=2026-02-30&after=garbage&status=bogus",
    );
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("ignored-params")).toContainText("sort");
    await expect(bodyRows(page).first()).toBeVisible();
  });

  test("totals the filtered list per currency: from the rollups when they can, else from the rows, saying which", async ({
    page,
  }) => {
    // The seeded rows only: nothing else was created two days ago.
    const before = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const totals = page.getByTestId("list-totals");

    await page.goto(`/payins?currency=KZT&to=${before}`);
    await expect(totals).toHaveAttribute("data-source", "rollups");
    await expect(totals).toContainText(/^Total for this filter: .* · exact, from the daily rollups as of .* GMT[+-]?\d*$/);
    const count = await listCount(page);
    expect(count).toBeGreaterThan(0);
    await expect(totals).toHaveAttribute("data-count", String(count));
    await expect(totals.locator("[data-currency]")).toHaveCount(1);
    const fromRollups = await totals.locator("[data-currency='KZT']").innerText();
    expect(fromRollups).toMatch(new RegExp(`^₸\\d{1,3}(,\\d{3})*\\.\\d{2} in ${count.toLocaleString("en")} payins$`));

    // A search is not in the rollups: the same rows, summed from the rows, agree.
    await page.goto(`/payins?currency=KZT&to=${before}&q=SEED-PI-`);
    await expect(totals).toHaveAttribute("data-source", "scan");
    await expect(totals).toContainText("summed from the matching rows; not in the rollups: search");
    await expect(totals.locator("[data-currency='KZT']")).toHaveText(fromRollups);

    // Every seeded payin, every currency: the counts add up to the list's.
    await page.goto("/payins?q=SEED-PI-");
    await expect(totals).toHaveAttribute("data-count", String(SEEDED.payin));
    expect(await totals.locator("[data-currency]").count()).toBeGreaterThan(1);
    await expect(totals).not.toHaveAttribute("data-capped", /.*/);

    await page.goto("/payins?q=NO-SUCH-PAYMENT-ID");
    await expect(totals).toContainText("Total for this filter: nothing");
  });

  test("exports the filtered list as CSV: same count, masked cards only", async ({ page }) => {
    await page.goto("/payins?q=SEED-PI-&status=success,decline&currency=KZT&sort=amount");
    const expected = await listCount(page);
    await page.getByTestId("export-csv").getByText("Export CSV").click();
    const link = page.getByRole("link", { name: /commas, decimal point/ });
    await expect(link).toHaveAttribute("href", /type=payin/);
    await expect(link).toHaveAttribute("href", /status=success%2Cdecline/);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^payins-.*\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\ufeff/, "");
    const [header, ...rows] = parseCsv(text);
    expect(header).toContain("Payment ID");
    expect(header).toContain("Created (UTC)");
    expect(rows.length).toBe(expected);
    const COLUMNS = {
      payment_id: "Payment ID",
      status: "Status",
      amount: "Amount",
      sender_card: "Sender card",
      receiver_card: "Receiver card",
    };
    const col = (name: keyof typeof COLUMNS) => header!.indexOf(COLUMNS[name]);
    for (const row of rows) {
      expect(row[col("payment_id")]).toMatch(/^SEED-PI-/);
      expect(["success", "decline"]).toContain(row[col("status")]);
      expect(row[col("amount")]).toMatch(/^\d+\.\d{2}$/);
      for (const card of [row[col("sender_card")], row[col("receiver_card")]]) expect(card).toMatch(/^(|\d{6}\*{6}\d{4})$/);
    }
    expect(text).not.toMatch(/\d{13,}/);
    // In the list's order (sort=amount without dir: largest first).
    const amounts = rows.map((r) => Number(r[col("amount")]!.replace(".", "")));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  });
});

test.describe("payouts list", () => {
  test("lists the seeded payouts", async ({ page }) => {
    await page.goto("/payouts?q=SEED-PO-");
    await expect(page.getByRole("heading", { name: "Payouts" })).toBeVisible();
    expect(await listCount(page)).toBe(SEEDED.payout);
    await expect(bodyRows(page).first()).toContainText("SEED-PO-");
  });
});

test.describe("export without a session", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("is refused with 401", async ({ request }) => {
    const response = await request.get("/api/applications/export?type=payin", { maxRedirects: 0 });
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthenticated:session" });
  });
});
