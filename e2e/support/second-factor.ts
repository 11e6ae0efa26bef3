import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS, totpCode, totpStep } from "@/lib/accounts/totp";

/*
 * Codes as an authenticator app shows them, computed from the secret. The server accepts a code once
 * (the step of each accepted code is remembered per account), so each code handed out here belongs to a
 * step newer than the last one handed out for that secret: the current step, else the next one (the
 * server accepts one step ahead), else it waits until the clock reaches a step that is free.
 */

/** Kept on disk: a retried test runs in a new worker, which must still know the steps the last one used. */
const STEPS_FILE = path.join(__dirname, "..", ".auth", "totp-steps.json");

function readSteps(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(STEPS_FILE, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

function rememberStep(secret: string, step: number): void {
  fs.mkdirSync(path.dirname(STEPS_FILE), { recursive: true });
  fs.writeFileSync(STEPS_FILE, JSON.stringify({ ...readSteps(), [secret]: step }));
}

export async function freshCode(secret: string): Promise<string> {
  const used = readSteps()[secret] ?? -1;
  await expect
    .poll(() => totpStep(Date.now()) + TOTP_WINDOW_STEPS > used, {
      timeout: (TOTP_PERIOD_SECONDS * 2 + 5) * 1000,
      message: "waiting for a step whose code was not used yet",
    })
    .toBe(true);
  const step = Math.max(totpStep(Date.now()), used + 1);
  rememberStep(secret, step);
  return totpCode(secret, step * TOTP_PERIOD_SECONDS * 1000);
}

/** On the code entry after the password (with the page to return to, or none): types a fresh code and waits to leave it. */
export async function enterCode(page: Page, secret: string): Promise<void> {
  await expect(page).toHaveURL(/\/account\/verify(\?next=|$)/);
  await page.getByLabel("Code").fill(await freshCode(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).not.toHaveURL(/\/account\/verify/);
}

/** On the Security page: sets up the authenticator app; returns its secret (read from the screen) and the recovery codes. */
export async function enrol(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await expect(page).toHaveURL(/\/account\/security$/);
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole("img", { name: "QR code for the authenticator app" })).toBeVisible();
  await page.getByLabel("Code from the app").fill(await freshCode(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  const list = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(list).toHaveCount(10);
  const recoveryCodes = (await list.allTextContents()).map((code) => code.trim());
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return { secret, recoveryCodes };
}
