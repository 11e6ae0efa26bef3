import { defineConfig, devices } from "@playwright/test";

const PORT = 3100;
export const BASE_URL = `http://127.0.0.1:${PORT}`;

// Debian's Chromium (apt-get install chromium): Playwright cannot download its own browser here.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  // One retry in CI so a timing blip on a loaded 2-core machine does not block a landing; Playwright
  // still reports such a test as "flaky" in the output.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    // The demo accounts have no saved language: pages follow the browser's, English unless a spec asks
    // for another (e2e/russian.spec.ts).
    locale: "en-US",
    // In CI, recorded on the retry only: tracing every first attempt (DOM snapshots at each step) slows the whole run
    // by a sixth, and a failure there is retried once, with its trace kept. Locally, kept for any failure.
    trace: process.env.CI ? "on-first-retry" : "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"], testIgnore: /log-check\.spec\.ts/ },
    // After everything else: the servers' log of the whole run holds no secret.
    { name: "log-check", testMatch: /log-check\.spec\.ts/, dependencies: ["chromium"] },
  ],
  webServer: {
    // A fresh embedded database for every run, on the production build (`npm run test:e2e` builds first).
    command: "node --conditions=react-server --import tsx scripts/dev/e2e-server.ts",
    url: `${BASE_URL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(PORT) },
  },
});
