/**
 * `npm run totp -- <email>`: the current second-factor code of a sandbox demo account (lib/accounts/demo-totp.ts),
 * and how many seconds it stays valid. Demo accounts exist only in sandbox mode.
 */
import { DEMO_TOTP_SECRETS } from "@/lib/accounts/demo-totp";
import { TOTP_PERIOD_SECONDS, totpCode } from "@/lib/accounts/totp";

const email = (process.argv[2] ?? "").trim().toLowerCase();
const secret = DEMO_TOTP_SECRETS[email];
if (!secret) {
  console.error(
    `usage: npm run totp -- <email>\n  demo accounts with a second factor: ${Object.keys(DEMO_TOTP_SECRETS).join(", ")}`,
  );
  process.exit(1);
}
const now = Date.now();
const left = TOTP_PERIOD_SECONDS - (Math.floor(now / 1000) % TOTP_PERIOD_SECONDS);
console.log(`${totpCode(secret, now)}  (${email}, valid ${left} s more)`);
