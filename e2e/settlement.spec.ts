import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

/*
 * The settlement view against the sandbox gateway, which moves a register's balance exactly when an application
 * becomes final (a payin's amount in at success; a payout's out of available into locked at creation, and out for
 * good at success): a snapshot, a payin that succeeds by callback, another snapshot, and the interval between them
 * moves by the payin's amount with a difference of zero.
 */

/** Direct requests carry no language of their own: the file's words follow this one, as the browser's would. */
const EN = { "accept-language": "en-US" };

const REGISTER = "Kazakhstan KZT";

/** The register's id, as the filter lists it: other specs add registers that may sort before it. */
async function registerId(page: Page): Promise<string> {
  await page.goto("/reports/settlement");
  const option = page.getByLabel("Cash register").locator("option", { hasText: REGISTER });
  return (await option.getAttribute("value")) ?? "";
}

async function takeSnapshot(page: Page, register: string) {
  await page.goto(`/reports/settlement?register=${register}&currency=KZT`);
  await expect(page.getByRole("heading", { level: 1, name: "Settlement" })).toBeVisible();
  const before = await page.getByTestId("settlement-interval").count();
  await page.getByRole("button", { name: "Take snapshot now" }).click();
  await expect(page.getByTestId("snapshot-result")).toHaveText(/Snapshot taken: \d+ currenc/);
  // The page shows the new interval once the action's refresh has rendered it.
  await expect(page.getByTestId("settlement-interval")).toHaveCount(before + 1);
}

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("takes a snapshot, a payin succeeds by callback, takes another: the movement matches, difference zero", async ({
    page,
  }) => {
    const register = await registerId(page);
    expect(register).toMatch(/^\d+$/);
    // The first snapshot of a fresh server only opens the first interval: take one more so the table has a row to compare.
    await takeSnapshot(page, register);

    await page.goto("/payins/new");
    await page.getByLabel("Currency").selectOption("KZT");
    await page.getByLabel("Cash register").selectOption({ label: REGISTER });
    await page.getByLabel("Amount").fill("2468.00");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByTestId("instructions-card").getByText("Card number")).toBeVisible({ timeout: 15_000 });
    await page.getByRole("button", { name: "Confirm payment" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm payment" }).click();
    await expect(page.getByTestId("application-status")).toContainText("success", { timeout: 15_000 });
    await expect(page.getByTestId("status-timeline")).toContainText("Callback");

    await takeSnapshot(page, register);
    const table = page.getByTestId("settlement-table");
    await expect(table).toContainText(REGISTER);
    const last = (testId: string) => page.getByTestId(testId).last();
    await expect(last("settlement-movement")).toHaveText("₸2,468.00");
    await expect(last("settlement-payins")).toHaveText("₸2,468.001 application");
    await expect(last("settlement-payouts")).toHaveText("₸0.000 applications");
    await expect(last("settlement-applied")).toHaveText("₸2,468.00");
    await expect(last("settlement-difference")).toHaveText("₸0.00matches");
    await expect(last("settlement-difference")).toHaveAttribute("data-differs", "false");
    const opening = (await last("settlement-opening").textContent()) ?? "";
    const closing = (await last("settlement-closing").textContent()) ?? "";
    const minor = (text: string) => BigInt(text.replace(/[^\d]/g, ""));
    expect(minor(closing) - minor(opening)).toBe(246_800n);

    // The same interval in the CSV, as a spreadsheet in English reads it.
    const csv = await page.request.get(`/api/settlement?register=${register}&currency=KZT&dialect=comma`, { headers: EN });
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines.at(-1)).toMatch(/^Kazakhstan KZT,KZT,.*,2468\.00,1,2468\.00,0,0\.00,2468\.00,0\.00,yes$/);
  });

  test("refuses a period that is too long, next to the form, and the CSV says why with a 400", async ({ page }) => {
    await page.goto("/reports/settlement?from=2026-01-01&to=2026-06-01");
    await expect(page.getByTestId("period-problem")).toHaveText("Choose a period of at most 31 days.");
    const csv = await page.request.get("/api/settlement?from=2026-01-01&to=2026-06-01", { headers: EN });
    expect(csv.status()).toBe(400);
    expect(await csv.json()).toMatchObject({ message: "Choose a period of at most 31 days." });
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("may not open the settlement view", async ({ page }) => {
    await page.goto("/reports/settlement");
    await expect(page).toHaveURL(/\/forbidden/);
  });
});
