import { TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS, totpCode, totpStep } from "@/lib/accounts/totp";

/** Six digits that are none of the codes the server takes now, nor one step later (when the code may reach it). */
export function wrongTotpCode(secret: string): string {
  const step = totpStep(Date.now());
  const taken = new Set<string>();
  for (let d = -TOTP_WINDOW_STEPS; d <= TOTP_WINDOW_STEPS + 1; d += 1) {
    taken.add(totpCode(secret, (step + d) * TOTP_PERIOD_SECONDS * 1000));
  }
  for (let n = Number(totpCode(secret)) + 500_000; ; n += 1) {
    const code = String(n % 1_000_000).padStart(6, "0");
    if (!taken.has(code)) return code;
  }
}
