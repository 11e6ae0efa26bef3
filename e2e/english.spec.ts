import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";
import { parseCsv } from "../test/csv";

/*
 * The same core walk as the Russian one, for an English-speaking team in Almaty: a payin typed the
 * English way, its page and instructions, the list with a date filter cut on the organisation's clock,
 * the CSV for an English Excel (commas, decimal point), and the dashboard.
 */

const SANDBOX = "http://127.0.0.1:4110";
const ORGANISATION_OFFSET_HOURS = 5; // Asia/Almaty, the e2e server's organisation zone

test.use({ locale: "en-US" });

const rows = (page: Page) => page.getByTestId("applications-table").locator("tbody tr");

/** The organisation's calendar day of a UTC instant. */
function organisationDay(iso: string): string {
  return new Date(Date.parse(iso) + ORGANISATION_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
}

test.describe("operator", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("creates a payin typing 1,500.50 and reads its page and instructions in English", async ({ page }) => {
    await page.goto("/payins/new");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1, name: "New payin" })).toBeVisible();
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    await page.getByLabel("Amount").fill("1,500.50");
    await page.getByLabel("Customer ID (optional)").fill("cus-en");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByText("Payin created at HighHelp.")).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^Payin ${paymentId}`));
    const record = (await (await fetch(`${SANDBOX}/sandbox/applications/${encodeURIComponent(paymentId)}`)).json()) as {
      amount?: number;
    };
    expect(record.amount).toBe(150_050);
    await expect(page.getByTestId("amount-current")).toHaveText("₸1,500.50");
    const created = page.locator("time").first();
    await expect(created).toHaveAttribute("title", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await expect(created).toHaveText(/GMT\+5$/);
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("the payins list, its date filter and its CSV export in English", async ({ page }) => {
    await page.goto("/payins?q=SEED-PI-&status=success");
    await expect(page.getByRole("heading", { level: 1, name: "Payins" })).toBeVisible();
    const first = rows(page).first();
    await expect(first.locator("[data-status='success']")).toHaveText("success");
    // A sign before the number (₸1,500.00), or a code and a space for the som (KGS 1,500.00).
    await expect(first.locator("td:nth-child(3)")).toHaveText(/^(\S+|[A-Z]{3}\s)\d{1,3}(,\d{3})*\.\d{2}$/);
    await expect(page.getByTestId("filter-note")).toContainText("the organisation's time zone");

    // The day of the newest row on the organisation's clock, whatever the browser's zone.
    const day = organisationDay((await first.locator("td:nth-child(1) time").getAttribute("title"))!);
    await page.getByLabel("Created from").fill(day);
    await page.getByLabel("Created to").fill(day);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]from=${day}&to=${day}(&|$)`));
    await expect(rows(page).first()).toBeVisible();
    const count = Number(await page.getByTestId("list-count").getAttribute("data-count"));
    expect(count).toBeGreaterThan(0);
    for (const iso of await rows(page)
      .locator("td:nth-child(1) time")
      .evaluateAll((els) => els.map((e) => e.getAttribute("title")!)))
      expect(organisationDay(iso)).toBe(day);

    await page.getByTestId("export-csv").getByText("Export CSV").click();
    const link = page.getByRole("link", { name: /commas, decimal point/ });
    await expect(link).toHaveAttribute("href", new RegExp(`from=${day}.*dialect=comma`));
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\ufeff/, "");
    const [header, ...data] = parseCsv(text, ",");
    expect(header).toContain("Payment ID");
    expect(header).toContain("Created (UTC)");
    expect(data.length).toBe(count);
    const amount = header!.indexOf("Amount");
    for (const row of data) {
      expect(row).toHaveLength(header!.length);
      expect(row[amount]).toMatch(/^\d+\.\d{2}$/);
    }

    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  });
});
