import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { ACCOUNTS, storageStatePath } from "./support/accounts";
import { LoginPage } from "./support/login-page";

/*
 * Web hardening: security headers on every kind of response, a nonce CSP that the app
 * itself never trips, and markup from users or HighHelp shown as text.
 */

const SANDBOX = "http://127.0.0.1:4110";
const MARKUP = `<img src=x onerror="window.__xss=1"><b>bold</b>`;

type Headers = Record<string, string>;

/** nosniff & co., on every response (next.config.mjs). */
function expectStaticHeaders(headers: Headers): void {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
  // The e2e server is production on http: HSTS would be wrong there.
  expect(headers["strict-transport-security"]).toBeUndefined();
}

/** The proxy's CSP; returns its script nonce. */
function expectPageCsp(headers: Headers): string {
  const csp = headers["content-security-policy"] ?? "";
  const directives = new Map(csp.split(/;\s*/).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)] as const));
  expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  expect(directives.get("object-src")).toEqual(["'none'"]);
  expect(directives.get("base-uri")).toEqual(["'self'"]);
  expect(directives.get("form-action")).toEqual(["'self'"]);
  expect(csp).not.toContain("unsafe-eval");
  const scriptSrc = directives.get("script-src") ?? [];
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  const nonce = scriptSrc.map((s) => /^'nonce-(.+)'$/.exec(s)?.[1]).find(Boolean);
  expect(nonce, `a nonce in ${csp}`).toBeTruthy();
  return nonce!;
}

async function headersOf(response: Response | APIResponse | null): Promise<Headers> {
  expect(response).not.toBeNull();
  return response!.headers();
}

/** Every script in the server's HTML carries this response's nonce (chunks the client adds later load from 'self'). */
async function expectScriptsNonced(response: Response | null, nonce: string): Promise<void> {
  const tags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  expect(tags.filter((tag) => !tag.includes(` nonce="${nonce}"`))).toEqual([]);
}

/** The app router hydrated: its scripts ran under the CSP. */
async function expectHydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { next?: { appDir?: boolean } }).next?.appDir === true);
}

const VIOLATION = "securitypolicyviolation:";

/**
 * CSP violations and page errors, however they surface: Chromium's console messages, uncaught
 * errors, and the `securitypolicyviolation` events (which also see violations the page caught).
 */
function watchForViolations(page: Page): { problems: () => Promise<string[]> } {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Permissions-Policy/i.test(message.text())) seen.push(message.text());
  });
  page.on("pageerror", (error) => seen.push(`pageerror: ${error.message}`));
  void page.addInitScript((prefix) => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const { violatedDirective, blockedURI, sourceFile, lineNumber } = event;
      console.error(prefix + JSON.stringify({ violatedDirective, blockedURI, sourceFile, lineNumber }));
    });
  }, VIOLATION);
  return {
    async problems() {
      return seen;
    },
  };
}

async function createPayin(page: Page, amount: string, description: string): Promise<string> {
  await page.goto("/payins/new");
  const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
  await page.getByLabel("Amount").fill(amount);
  await page.getByLabel("Description (optional)").fill(description);
  await page.getByRole("button", { name: "Create payin" }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
  return paymentId;
}

test.describe("security headers", () => {
  test("on the login page, with a fresh nonce on every script", async ({ page }) => {
    const response = await page.goto("/login");
    const headers = await headersOf(response);
    expectStaticHeaders(headers);
    const nonce = expectPageCsp(headers);
    await expectScriptsNonced(response, nonce);
    const again = expectPageCsp(await headersOf(await page.goto("/login")));
    expect(again).not.toBe(nonce);
  });

  test("on API routes, the HighHelp callback and redirects", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expectStaticHeaders(health.headers());
    expectPageCsp(health.headers());

    const unauthenticated = await request.get("/api/applications/export");
    expect(unauthenticated.status()).toBe(401);
    expectStaticHeaders(unauthenticated.headers());

    const callback = await request.post("/api/highhelp/callback", { data: { not: "signed" } });
    expect(callback.status()).toBe(401);
    expect(await callback.json()).toEqual({ error: "unauthenticated:invalid_signature", message: expect.any(String) });
    expectStaticHeaders(callback.headers());
    expect(callback.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

    const redirect = await request.get("/payins", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers().location).toContain("/login?callbackUrl=");
    expectStaticHeaders(redirect.headers());
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageStatePath("operator") });

    test("on an app page", async ({ page }) => {
      const response = await page.goto("/payins");
      const headers = await headersOf(response);
      expectStaticHeaders(headers);
      const nonce = expectPageCsp(headers);
      await expectScriptsNonced(response, nonce);
      await expectHydrated(page);
    });
  });
});

test("signing in and using the app trips no CSP rule", async ({ page }) => {
  const watch = watchForViolations(page);
  const login = new LoginPage(page);
  await login.goto();
  await expectHydrated(page);
  await login.signIn(ACCOUNTS.operator.email, ACCOUNTS.operator.password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expectHydrated(page);

  // Client-side navigation loads the list's code from this origin.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payins" }).click();
  await expect(page).toHaveURL(/\/payins$/);
  await expect(page.getByTestId("applications-table")).toBeVisible();

  await page.goto("/payins");
  await expectHydrated(page);
  await expect(page.getByTestId("applications-table")).toBeVisible();

  // A live application page: the instructions arrive by callback and the page refreshes itself.
  await createPayin(page, "1500.00", "CSP check");
  await expect(page.getByTestId("instructions-card").getByText("Card number")).toBeVisible({ timeout: 15_000 });
  await expectHydrated(page);
  expect(await watch.problems()).toEqual([]);
});

test.describe("markup from users and HighHelp", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("is shown as text, never run or parsed", async ({ page }) => {
    const watch = watchForViolations(page);
    const paymentId = await createPayin(page, "1600.00", MARKUP);

    const description = page.locator("dt", { hasText: /^Description$/ }).locator("xpath=following-sibling::dd[1]");
    await expect(description).toHaveText(MARKUP);
    await expect(description.locator("b, img")).toHaveCount(0);

    // HighHelp's status description, by signed callback: the sandbox lets us choose it.
    await expect(page.getByTestId("application-status")).toContainText("awaiting confirm", { timeout: 15_000 });
    const forced = await fetch(`${SANDBOX}/sandbox/applications/${encodeURIComponent(paymentId)}/force`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "decline", status_description: MARKUP }),
    });
    expect(forced.status).toBe(200);
    const statusDescription = page.getByTestId("status-description");
    await expect(statusDescription).toHaveText(MARKUP, { timeout: 15_000 });
    await expect(statusDescription.locator("b, img")).toHaveCount(0);
    await expect(page.getByTestId("status-timeline")).toContainText(MARKUP);
    await expect(page.getByTestId("status-timeline").locator("b, img")).toHaveCount(0);

    await page.reload();
    await expect(page.getByTestId("status-description")).toHaveText(MARKUP);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await watch.problems()).toEqual([]);
  });
});

test.describe("pages prerendered at build time", () => {
  test.use({ storageState: storageStatePath("viewer") });

  // /forbidden and the 404 page are static: their inline scripts carry no nonce, so the CSP blocks
  // them (the text still shows). Enable once the root layout renders per request (`await connection()`).
  test("the forbidden and not-found pages run their scripts too", async ({ page }) => {
    const watch = watchForViolations(page);
    await page.goto("/payins/new");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expectHydrated(page);
    expect((await page.goto("/no-such-page"))?.status()).toBe(404);
    await expectHydrated(page);
    expect(await watch.problems()).toEqual([]);
  });
});
