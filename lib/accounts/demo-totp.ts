/**
 * The fixed second-factor secrets of the sandbox demo accounts (lib/accounts/demo-users.ts), so the demo and
 * the end-to-end tests can sign in: `npm run totp -- <email>` prints the current code. Demo accounts never
 * exist in production (lib/server/env.ts).
 */
export const DEMO_TOTP_SECRETS: Readonly<Record<string, string>> = {
  "admin@backoffice.test": "ADMINSANDBOXTOTPSECRETDEMOAAAAAA",
  "approver@backoffice.test": "APPROVERSANDBOXTOTPSECRETDEMOAAA",
};
