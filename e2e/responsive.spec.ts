import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

/*
 * A phone's width (390 × 844): no page is wider than the screen (lists scroll inside their own box),
 * the navigation sits behind a menu button, and the keyboard has a skip link and `/` for search.
 */

const PHONE = { width: 390, height: 844 };

/** How many pixels the page is wider than the window (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));

/** The elements that stick out to the right, to say in a failure what to fix. */
const offenders = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => {
        // What a box that scrolls (or clips) holds does not widen the page, unless it is positioned against
        // something outside that box (an absolute element escapes every box between it and its containing block).
        let absolute = getComputedStyle(el).position === "absolute";
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
          const style = getComputedStyle(up);
          if (absolute && style.position === "static") continue;
          if (style.overflowX !== "visible") return false;
          absolute = style.position === "absolute";
        }
        return true;
      })
      .slice(0, 12)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className.toString().slice(0, 60)} (${Math.round(el.getBoundingClientRect().right)})`,
      ),
  );

async function expectFits(page: Page, path: string, ready: (page: Page) => Promise<void>) {
  await page.goto(path);
  await ready(page);
  expect(await overflow(page), `${path} is wider than the window: ${(await offenders(page)).join("; ")}`).toBe(0);
}

/** Creates a payin of `amount` through the form; its page is open when this returns. */
async function createPayin(page: Page, amount: string): Promise<string> {
  await page.goto("/payins/new");
  const paymentId = ((await page.getByTestId("new-payment-id").textContent()) ?? "").trim();
  await page.getByLabel("Amount").fill(amount);
  await page.getByRole("button", { name: "Create payin" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
  return paymentId;
}

const heading = (name: RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
};
const list = (testId: string) => async (page: Page) => {
  await expect(page.getByTestId(testId)).toBeVisible();
};

test.describe("at 390 px as the operator", () => {
  test.use({ storageState: storageStatePath("operator"), viewport: PHONE });

  const pages: { path: string; ready: (page: Page) => Promise<void> }[] = [
    { path: "/", ready: heading(/Dashboard/) },
    { path: "/payins", ready: list("applications-table") },
    { path: "/payouts", ready: list("applications-table") },
    { path: "/payins/new", ready: heading(/New payin/) },
    // The report's tables scroll inside their own boxes.
    { path: "/reports?granularity=month", ready: list("report-table") },
  ];
  for (const { path, ready } of pages) {
    test(`${path} is no wider than the screen`, async ({ page }) => {
      await expectFits(page, path, ready);
    });
  }

  test("an application page is no wider than the screen", async ({ page }) => {
    await createPayin(page, "1500.00");
    await expect(page.getByTestId("instructions-card").getByText("Card number")).toBeVisible({ timeout: 15_000 });
    expect(await overflow(page), (await offenders(page)).join("; ")).toBe(0);
  });

  test("the work queue is no wider than the screen: its table scrolls in its own box", async ({ page }) => {
    // …94: the sandbox answers error one step after create, and the application enters the queue.
    const paymentId = await createPayin(page, "1000.94");
    await expect(page.getByTestId("application-status")).toContainText("error", { timeout: 15_000 });
    await expectFits(page, "/queue?reason=error", async (queue) => {
      await expect(queue.locator(`[data-testid="queue-row"][data-payment-id="${paymentId}"]`)).toBeVisible();
    });
  });

  test("the menu button opens the navigation, Escape closes it, a link navigates and closes it", async ({ page }) => {
    await page.goto("/");
    const menu = page.getByRole("button", { name: "Menu", exact: true });
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    await menu.click();
    await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();
    await expect(nav.getByRole("link").first()).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();

    await menu.click();
    await nav.getByRole("link", { name: "Payouts", exact: true }).click();
    await expect(page).toHaveURL(/\/payouts$/);
    await expect(page.getByRole("heading", { level: 1, name: "Payouts" })).toBeVisible();
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
  });

  test("the first Tab reaches a visible skip link that moves focus to the content", async ({ page }) => {
    await page.goto("/payins");
    await expect(page.getByTestId("applications-table")).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });

  test("/ puts the cursor in the list's search box, but not while typing in a field", async ({ page }) => {
    await page.goto("/payins");
    const search = page.getByRole("searchbox");
    await expect(page.getByTestId("applications-table")).toBeVisible();
    await page.locator("main h1").click();
    await page.keyboard.press("/");
    await expect(search).toBeFocused();
    await expect(search).toHaveValue("");
    await page.keyboard.type("a/b");
    await expect(search).toHaveValue("a/b");
  });
});

test.describe("at 390 px as the admin", () => {
  test.use({ storageState: storageStatePath("admin"), viewport: PHONE });

  test("the bell sits in the top bar, visible without opening the menu, and its panel fits the screen", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: /Dashboard/ })).toBeVisible();
    const bell = page.getByRole("button", { name: /^Notifications/ });
    await expect(bell).toBeVisible();
    await expect(bell).toBeInViewport();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    // One bell, in the DOM as in the accessibility tree.
    await expect(page.getByTestId("notification-bell")).toHaveCount(1);
    await expect(bell).toHaveCount(1);
    await expect(bell.locator("svg")).toHaveAttribute("aria-hidden", "true");
    expect(await overflow(page), (await offenders(page)).join("; ")).toBe(0);

    await bell.click();
    const panel = page.getByTestId("notification-panel");
    await expect(panel).toBeInViewport({ ratio: 1 });
    expect(await overflow(page), (await offenders(page)).join("; ")).toBe(0);
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();

    // Opening the menu leaves the bell where it was, still the only one.
    await page.getByRole("button", { name: "Menu", exact: true }).click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(bell).toBeVisible();
    await expect(page.getByRole("button", { name: /^Notifications/ })).toHaveCount(1);
  });

  const pages: { path: string; ready: (page: Page) => Promise<void> }[] = [
    { path: "/audit", ready: list("audit-table") },
    { path: "/callbacks", ready: heading(/Callback log/) },
    { path: "/approvals", ready: heading(/Approvals/) },
    { path: "/users", ready: list("users-table") },
    { path: "/registers", ready: list("registers-table") },
    { path: "/settings", ready: heading(/Settings/) },
    { path: "/payouts/new", ready: heading(/New payout/) },
  ];
  for (const { path, ready } of pages) {
    test(`${path} is no wider than the screen`, async ({ page }) => {
      await expectFits(page, path, ready);
    });
  }
});

test.describe("at 1280 px as the admin", () => {
  test.use({ storageState: storageStatePath("admin"), viewport: { width: 1280, height: 800 } });

  for (const path of ["/users", "/registers"]) {
    test(`${path} fits beside the sidebar`, async ({ page }) => {
      await expectFits(page, path, list(path === "/users" ? "users-table" : "registers-table"));
      const table = page.getByTestId(path === "/users" ? "users-table" : "registers-table");
      // The table itself fits its box: nothing to scroll sideways.
      expect(await table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth)).toBe(0);
    });
  }

  test("the bell sits under the brand in the sidebar, once", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: /Dashboard/ })).toBeVisible();
    const bell = page.getByRole("button", { name: /^Notifications/ });
    await expect(bell).toBeVisible();
    await expect(bell).toHaveCount(1);
    await expect(bell).toContainText("Notifications");
    await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
  });

  test("the register-scope button is short, with the user's email in its accessible name", async ({ page }) => {
    await page.goto("/users");
    const button = page.getByRole("button", { name: "Change cash registers of viewer@backoffice.test" });
    await expect(button).toHaveText("Change");
  });
});
