import type { Role } from "@/drizzle/schema";

/** The one table of what each role may do; every action, route handler and page asks it. */
const PERMISSIONS = {
  "applications:read": ["viewer", "operator", "admin"],
  "applications:export": ["viewer", "operator", "admin"],
  "applications:refresh": ["operator", "admin"],
  "applications:confirm": ["operator", "admin"],
  "applications:cancel": ["operator", "admin"],
  "payins:create": ["operator", "admin"],
  "payouts:create": ["admin"],
  "payouts:approve": ["admin"],
  /** Working the queue (lib/work): assign, note, resolve, snooze. The database's queue_worker_roles() must agree. */
  "queue:work": ["operator", "admin"],
  /** One's own in-app notifications: the bell, marking them read. */
  "notifications:read": ["viewer", "operator", "admin"],
  "users:manage": ["admin"],
  /** Confirming another admin's new admin (never one's own request: lib/accounts/commands.ts confirmAdmin). */
  "users:confirm-admin": ["admin"],
  "account:password": ["viewer", "operator", "admin"],
  "account:preferences": ["viewer", "operator", "admin"],
  /** One's own second factor: entering a code, enrolling. */
  "account:second-factor": ["viewer", "operator", "admin"],
  /** Which roles must use a second factor; resetting another user's factor is users:manage. */
  "settings:security": ["admin"],
  "audit:read": ["admin"],
  /** The callback log: every delivery of the registers in one's scope (refused ones only for unscoped users). */
  "callbacks:read": ["operator", "admin"],
  /** Re-applying a stored verified delivery, asking HighHelp's info now (force reconcile). */
  "callbacks:reapply": ["admin"],
  "applications:reconcile": ["admin"],
  "settings:read": ["admin"],
  "registers:manage": ["admin"],
  /** The outgoing webhook (lib/webhooks): its URL, signing secret, enabling, test event. */
  "webhooks:manage": ["admin"],
  /** Sharing a saved list view with everyone who reads the list (personal views need applications:read only). */
  "views:share": ["operator", "admin"],
  /** The turnover reports (figures from the rollups, within one's register scope) and their CSV. */
  "reports:read": ["viewer", "operator", "admin"],
  /** The settlement view (HighHelp's balance against the successful applications) of the registers in one's scope, and its CSV. */
  "settlement:read": ["operator", "admin"],
  /** Recording a register's balance now, besides the scheduled snapshots. */
  "settlement:snapshot": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | undefined | null, permission: Permission): boolean {
  return role != null && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
