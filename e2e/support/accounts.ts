import path from "node:path";
import { DEMO_TOTP_SECRETS } from "@/lib/accounts/demo-totp";

/** The demo accounts the sandbox-mode server creates on its first start (README, lib/accounts/demo-users.ts). */
export const ACCOUNTS = {
  admin: {
    email: "admin@backoffice.test",
    password: "admin-sandbox-pass",
    label: "Admin",
    totpSecret: DEMO_TOTP_SECRETS["admin@backoffice.test"],
  },
  approver: {
    email: "approver@backoffice.test",
    password: "approver-sandbox-pass",
    label: "Admin",
    totpSecret: DEMO_TOTP_SECRETS["approver@backoffice.test"],
  },
  operator: { email: "operator@backoffice.test", password: "operator-sandbox-pass", label: "Operator" },
  viewer: { email: "viewer@backoffice.test", password: "viewer-sandbox-pass", label: "Finance staff" },
} as const;

export type AccountRole = keyof typeof ACCOUNTS;

export const storageStatePath = (role: AccountRole) => path.join(__dirname, "..", ".auth", `${role}.json`);
