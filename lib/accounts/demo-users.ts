import "server-only";
import { count, eq, sql } from "drizzle-orm";
import { users } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { createUser } from "./commands";
import { DEMO_TOTP_SECRETS } from "./demo-totp";
import { enrolWithSecret } from "./second-factor";
import type { NewUserInput } from "./schemas";

/** The accounts made on the first start in sandbox mode (README lists them). */
export const DEMO_USERS = [
  { email: "admin@backoffice.test", name: "Demo Admin", role: "admin", password: "admin-sandbox-pass" },
  // A second admin, so the four-eyes approval of large payouts can be tried.
  { email: "approver@backoffice.test", name: "Demo Approver", role: "admin", password: "approver-sandbox-pass" },
  { email: "operator@backoffice.test", name: "Demo Operator", role: "operator", password: "operator-sandbox-pass" },
  { email: "viewer@backoffice.test", name: "Demo Viewer", role: "viewer", password: "viewer-sandbox-pass" },
] as const satisfies readonly NewUserInput[];

// Arbitrary constant: one instance at a time looks at the users table and fills it.
const DEMO_USERS_LOCK_KEY = 72_707_371;

/**
 * Creates the demo accounts when the users table is empty. Returns the accounts it created. Several
 * instances may start at once on an empty database: an advisory lock serialises them, and the later
 * ones find the accounts made (one transaction: a failure leaves none).
 */
export async function ensureDemoUsers(db: Database): Promise<readonly NewUserInput[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_USERS_LOCK_KEY})`);
    const [row] = await tx.select({ n: count() }).from(users);
    if ((row?.n ?? 0) > 0) return [];
    for (const demo of DEMO_USERS) await createUser(tx, demo);
    return DEMO_USERS;
  });
}

/**
 * The demo admins come with a second factor of fixed secret (lib/accounts/demo-totp.ts), so that they can
 * sign in without enrolling; also for demo accounts made before second factors existed. An account with a
 * factor (or one being set up) keeps it.
 */
export async function ensureDemoFactors(db: Database): Promise<void> {
  for (const [email, secret] of Object.entries(DEMO_TOTP_SECRETS)) {
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email));
    if (user) await enrolWithSecret(db, user.id, secret);
  }
}

/**
 * Start-up: creates the demo accounts on an empty database and prints their passwords then, once;
 * later starts print nothing (the README lists them).
 */
export async function createDemoUsersOnce(db: Database, print: (line: string) => void = console.log): Promise<void> {
  const created = await ensureDemoUsers(db);
  await ensureDemoFactors(db);
  if (created.length === 0) return;
  print("[backoffice] created demo accounts (sandbox mode only):");
  for (const u of created) print(`[backoffice]   ${u.role.padEnd(8)} ${u.email}  password: ${u.password}`);
  print("[backoffice] the admins' second-factor code: npm run totp -- <email>");
}
