import "server-only";
import { count } from "drizzle-orm";
import { users } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { createUser } from "./commands";
import type { NewUserInput } from "./schemas";

/** The accounts made on the first start in sandbox mode (README lists them). */
export const DEMO_USERS = [
  { email: "admin@backoffice.test", name: "Demo Admin", role: "admin", password: "admin-sandbox-pass" },
  // A second admin, so the four-eyes approval of large payouts can be tried.
  { email: "approver@backoffice.test", name: "Demo Approver", role: "admin", password: "approver-sandbox-pass" },
  { email: "operator@backoffice.test", name: "Demo Operator", role: "operator", password: "operator-sandbox-pass" },
  { email: "viewer@backoffice.test", name: "Demo Viewer", role: "viewer", password: "viewer-sandbox-pass" },
] as const satisfies readonly NewUserInput[];

/** Creates the demo accounts when the users table is empty. Returns the accounts it created. */
export async function ensureDemoUsers(db: Database): Promise<readonly NewUserInput[]> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return [];
  for (const demo of DEMO_USERS) await createUser(db, demo);
  return DEMO_USERS;
}

/**
 * Start-up: creates the demo accounts on an empty database and prints their passwords then, once;
 * later starts print nothing (the README lists them).
 */
export async function createDemoUsersOnce(db: Database, print: (line: string) => void = console.log): Promise<void> {
  const created = await ensureDemoUsers(db);
  if (created.length === 0) return;
  print("[backoffice] created demo accounts (sandbox mode only):");
  for (const u of created) print(`[backoffice]   ${u.role.padEnd(8)} ${u.email}  password: ${u.password}`);
}
