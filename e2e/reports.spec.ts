import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { parseCsv } from "../test/csv";
import { storageStatePath } from "./support/accounts";

/*
 * Finance staff's turnover report on the seeded applications (scripts/dev/e2e-server.ts seeds the last
 * 60 days and rebuilds the rollups): the navigation leads there, the URL keeps the granularity and the
 * filters, and the CSV holds the rows the table shows.
 */

test.describe("the turnover report as the viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("opens Reports, switches to monthly, filters a currency and downloads the same rows as CSV", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Turnover" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Reports" }).getByRole("link", { name: "Turnover" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const table = page.getByTestId("report-table");
    await expect(table.locator("tbody tr").first()).toBeVisible();
    // Days and months as the reader's language writes them (en-US here); the CSV keeps ISO periods.
    await expect(table.locator("tbody tr td").first()).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);

    const granularity = page.getByRole("navigation", { name: "Granularity" });
    await granularity.getByRole("link", { name: "Monthly" }).click();
    await expect(page).toHaveURL(/granularity=month/);
    await expect(granularity.getByRole("link", { name: "Monthly" })).toHaveAttribute("aria-current", "page");
    await expect(table.locator("tbody tr td").first()).toHaveText(/^[A-Z][a-z]+ \d{4}$/);

    await page.getByLabel("Currency", { exact: true }).selectOption("KZT");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/currency=KZT/);
    await expect(page).toHaveURL(/granularity=month/);
    const rows = table.locator("tbody tr");
    await expect(rows.first().locator("td").nth(3)).toHaveText("KZT");
    const shown = await rows.count();
    const currencies = await rows.locator("td:nth-child(4)").allTextContents();
    expect(new Set(currencies)).toEqual(new Set(["KZT"]));
    const payinTotal = page.getByTestId("report-total").filter({ hasText: "Payin" });
    const payinCount = Number(((await payinTotal.locator("td").nth(2).textContent()) ?? "").replace(/\D/g, ""));
    expect(payinCount).toBeGreaterThan(0);
    await expect(page.getByTestId("conversion-definition")).toContainText("success or decline");

    await page.getByTestId("export-csv").getByText("Export CSV").click();
    const link = page.getByRole("link", { name: /commas, decimal point/ });
    await expect(link).toHaveAttribute("href", /granularity=month/);
    await expect(link).toHaveAttribute("href", /currency=KZT/);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^turnover-month-.*\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\ufeff/, "");
    const [header, ...lines] = parseCsv(text);
    expect(header).toEqual([
      "Period",
      "Cash register",
      "Project ID",
      "Type",
      "Currency",
      "Method",
      "Status",
      "Count",
      "Sum",
      "Successful in group",
      "Finished in group",
      "Conversion of group, %",
    ]);
    expect(lines.length).toBe(shown);
    for (const line of lines) {
      expect(line[0]).toMatch(/^\d{4}-\d{2}$/);
      expect(line[4]).toBe("KZT");
      expect(line[8]).toMatch(/^\d+\.\d{2}$/);
      expect(line[11]).toMatch(/^(|\d{1,3}\.\d{2})$/);
    }
    const csvPayins = lines.filter((line) => line[3] === "payin").reduce((sum, line) => sum + Number(line[7]), 0);
    expect(csvPayins).toBe(payinCount);
  });
});
