import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

/*
 * Every page, as the admin sees it (and the sign-in page signed out), passes axe's WCAG 2.1 A and
 * AA rules. A failure lists each rule with the elements that break it.
 */

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// axe walks the whole page: a 100-row list takes a while on a loaded machine.
test.describe.configure({ timeout: 60_000 });

async function expectNoViolations(page: Page) {
  // Contrast is judged on what stays on screen: after a toast's fade-in (running finite animations end).
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
  );
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
  expect(found).toEqual([]);
}

test.describe("signed in as the admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  const pages: { name: string; path: string; heading: RegExp }[] = [
    { name: "dashboard", path: "/", heading: /Dashboard/ },
    { name: "payins list", path: "/payins", heading: /Payins/ },
    { name: "payouts list", path: "/payouts", heading: /Payouts/ },
    { name: "new payin", path: "/payins/new", heading: /New payin/ },
    { name: "new payout", path: "/payouts/new", heading: /New payout/ },
    { name: "audit", path: "/audit", heading: /Audit/ },
    // By month: the same table and cells in fewer rows (axe's contrast check costs per text node).
    { name: "reports", path: "/reports?granularity=month", heading: /Turnover/ },
    { name: "work queue", path: "/queue", heading: /Work queue/ },
    { name: "approvals", path: "/approvals", heading: /Approvals/ },
    { name: "callback log", path: "/callbacks", heading: /Callback log/ },
    { name: "settlement", path: "/reports/settlement", heading: /Settlement/ },
    { name: "users", path: "/users", heading: /Users/ },
    { name: "registers", path: "/registers", heading: /registers/i },
    { name: "settings", path: "/settings", heading: /Settings/ },
    { name: "account password", path: "/account/password", heading: /password/i },
    { name: "account security", path: "/account/security", heading: /Security/ },
  ];

  for (const { name, path, heading } of pages) {
    test(`the ${name} page has no WCAG 2.1 A/AA violations`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expectNoViolations(page);
    });
  }

  test("an application page with its instructions has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/payins/new");
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    await page.getByLabel("Amount").fill("1500.00");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
    await expect(page.getByTestId("instructions-card").getByText("Card number")).toBeVisible({ timeout: 15_000 });
    await expectNoViolations(page);
  });

  test("a form showing validation errors has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/payins/new");
    await page.getByLabel("Amount").fill("12.3456");
    await page.getByLabel("Customer country (optional)").fill("kz");
    await page.getByRole("button", { name: "Create payin" }).click();
    await expect(page.getByText("Use at most 2 decimals for KZT.")).toBeVisible();
    await expect(page.getByLabel("Amount")).toBeFocused();
    await expectNoViolations(page);
  });

  test("the forbidden page has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/forbidden");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expectNoViolations(page);
  });
});

test.describe("at a phone's width (390 px)", () => {
  test.use({ storageState: storageStatePath("admin"), viewport: { width: 390, height: 844 } });

  test("the payins list with the menu open has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/payins");
    await expect(page.getByTestId("applications-table")).toBeVisible();
    await expectNoViolations(page);
    await page.getByRole("button", { name: "Menu", exact: true }).click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expectNoViolations(page);
  });

  test("the payins list with the bell's panel open from the top bar has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/payins");
    await expect(page.getByTestId("applications-table")).toBeVisible();
    await page.getByRole("button", { name: /^Notifications/ }).click();
    await expect(page.getByTestId("notification-panel")).toBeVisible();
    await expectNoViolations(page);
  });

  test("the dashboard, whose tables scroll in their own boxes, has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoViolations(page);
  });

  test("the registers page has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/registers");
    await expect(page.getByTestId("registers-table")).toBeVisible();
    await expectNoViolations(page);
  });

  test("the users page has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/users");
    await expect(page.getByTestId("users-table")).toBeVisible();
    await expectNoViolations(page);
  });
});

test.describe("signed out", () => {
  test("the sign-in page has no WCAG 2.1 A/AA violations", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: /Sign in/ })).toBeVisible();
    await expectNoViolations(page);
  });
});
