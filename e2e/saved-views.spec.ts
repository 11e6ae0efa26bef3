import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, storageStatePath } from "./support/accounts";

/*
 * Saved views: an operator saves the list's state as a view shared with the team; a colleague (finance staff)
 * finds it, makes it their default, and the bare list URL then opens it. The default is cleared at the end so
 * that other specs see the plain list.
 */

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const menu = (page: Page) => page.getByTestId("saved-views");

async function openMenu(page: Page): Promise<void> {
  await menu(page).locator("summary").click();
  await expect(menu(page).getByRole("group", { name: "Saved views of this list" })).toBeVisible();
}

test("a view saved as shared by one user appears for a colleague, who can open the list with it", async ({ browser }) => {
  const name = `Team disputes ${Date.now().toString(36)}`;

  const operator = await browser.newContext({ storageState: storageStatePath("operator") });
  const page = await operator.newPage();
  await page.goto("/payins?q=SEED-PI-&status=dispute&size=25");
  await openMenu(page);
  await page.getByLabel("Name of the current view").fill(name);
  await page.getByLabel("Share with the team").check();
  await page.getByRole("button", { name: "Save current view" }).click();
  await expect(page.getByText("View saved.")).toBeVisible();
  await expect(menu(page).locator(`[data-view-name="${name}"]`)).toBeVisible();
  await operator.close();

  const viewer = await browser.newContext({ storageState: storageStatePath("viewer") });
  const colleague = await viewer.newPage();
  await colleague.goto("/payins");
  await openMenu(colleague);
  // Finance staff may not share: no such box for them.
  await expect(colleague.getByLabel("Share with the team")).toHaveCount(0);
  const item = menu(colleague).locator(`[data-view-name="${name}"]`);
  await expect(item).toContainText(`by ${ACCOUNTS.operator.email}`);
  await expect(item.getByRole("button", { name: `Delete the view ${name}` })).toHaveCount(0);
  const axe = await new AxeBuilder({ page: colleague }).withTags(WCAG_TAGS).include("[data-testid=saved-views]").analyze();
  expect(axe.violations).toEqual([]);

  await item.getByRole("button", { name: `Open this list with ${name}` }).click();
  await expect(colleague.getByText("Default view set.")).toBeVisible();

  // The bare list URL now opens the default view.
  await colleague.goto("/payins");
  await expect(colleague).toHaveURL(/[?&]status=dispute(&|$)/);
  await expect(colleague).toHaveURL(/[?&]saved=\d+/);
  await expect(menu(colleague).locator("summary")).toContainText(`Current view: ${name}`);
  // The rows, once shown: the results may still show their skeleton for a moment after the page has loaded.
  await expect(colleague.getByTestId("applications-table").locator("tbody [data-status]").first()).toBeVisible();
  const statuses = await colleague
    .getByTestId("applications-table")
    .locator("tbody [data-status]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["dispute"]));

  // Clearing the default: the bare URL is the plain list again.
  await openMenu(colleague);
  await colleague.getByRole("button", { name: "Open without a default view" }).click();
  await expect(colleague.getByText("No default view now.")).toBeVisible();
  await colleague.goto("/payins");
  await expect(colleague).toHaveURL(/\/payins$/);
  await viewer.close();
});
