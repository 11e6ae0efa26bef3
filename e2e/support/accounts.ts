import path from "node:path";

/** The demo accounts the sandbox-mode server creates on its first start (README, lib/accounts/demo-users.ts). */
export const ACCOUNTS = {
  admin: { email: "admin@backoffice.test", password: "admin-sandbox-pass", label: "Admin" },
  approver: { email: "approver@backoffice.test", password: "approver-sandbox-pass", label: "Admin" },
  operator: { email: "operator@backoffice.test", password: "operator-sandbox-pass", label: "Operator" },
  viewer: { email: "viewer@backoffice.test", password: "viewer-sandbox-pass", label: "Finance staff" },
} as const;

export type AccountRole = keyof typeof ACCOUNTS;

export const storageStatePath = (role: AccountRole) => path.join(__dirname, "..", ".auth", `${role}.json`);
