import "server-only";
import { and, eq, gte, or, sql, type SQL } from "drizzle-orm";
import { auditLog, users } from "@/drizzle/schema";
import { recordAudit } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { authenticateUser, type SessionUser } from "./queries";

/*
 * Sign-in protection: failed attempts are audit entries; too many in the window, per
 * account (the typed email, known or not, so throttling reveals nothing) or per address, and
 * every attempt is refused until the window moves on, even with the right password.
 */

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

const FAILED = "auth.sign_in_failed";

// Two-key advisory locks: one key space per kind, apart from the single-key migration lock.
const ACCOUNT_LOCK = 1_936_287_828;
const ADDRESS_LOCK = 1_936_287_829;

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

type Executor = Pick<Database, "select" | "insert" | "update" | "execute">;

/**
 * Whether this account or address has failed too often lately. The window is measured on the
 * database's clock, the one that stamps the audit entries, so the application's clock cannot shift it.
 */
export async function isThrottled(db: Executor, email: string, ip: string | null): Promise<boolean> {
  const mine: SQL =
    ip === null ? eq(auditLog.actorEmail, email) : or(eq(auditLog.actorEmail, email), eq(auditLog.ipAddress, ip))!;
  const [row] = await db
    .select({
      account: sql<number>`count(*) filter (where ${auditLog.actorEmail} = ${email})`.mapWith(Number),
      address: sql<number>`count(*) filter (where ${auditLog.ipAddress} = ${ip})`.mapWith(Number),
    })
    .from(auditLog)
    .where(
      and(eq(auditLog.action, FAILED), gte(auditLog.at, sql`now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})`), mine),
    );
  return (row?.account ?? 0) >= MAX_FAILURES_PER_ACCOUNT || (ip !== null && (row?.address ?? 0) >= MAX_FAILURES_PER_ADDRESS);
}

/**
 * One sign-in attempt: throttle, check, and leave an audit entry whatever happens.
 * The password is checked first (slow, so outside any transaction); the verdict is then given
 * under per-account and per-address locks, counting and recording in one transaction, so
 * concurrent attempts are decided one after another and none slips past the limit.
 */
export async function attemptSignIn(
  db: Database,
  rawEmail: string,
  password: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase().slice(0, 254);
  const actor = { userId: null, email, ip: client.ip, userAgent: client.userAgent };
  const throttled = async (tx: Executor): Promise<SignInResult> => {
    await recordAudit(tx, actor, { action: "auth.sign_in_throttled", targetType: "user" });
    return { ok: false, reason: "throttled", retryAfterMinutes: THROTTLE_WINDOW_MINUTES };
  };
  // Already throttled: answer without spending a password hash on it.
  if (await isThrottled(db, email, client.ip)) return throttled(db);
  const user = await authenticateUser(db, email, password);
  return db.transaction(async (tx) => {
    // Account first, then address, in every attempt: no two attempts can wait on each other in a cycle.
    await tx.execute(sql`select pg_advisory_xact_lock(${ACCOUNT_LOCK}, hashtext(${email}))`);
    if (client.ip !== null) await tx.execute(sql`select pg_advisory_xact_lock(${ADDRESS_LOCK}, hashtext(${client.ip}))`);
    if (await isThrottled(tx, email, client.ip)) return throttled(tx);
    if (!user) {
      await recordAudit(tx, actor, { action: FAILED, targetType: "user" });
      return { ok: false, reason: "invalid" };
    }
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(
      tx,
      { ...actor, userId: user.id },
      { action: "auth.sign_in", targetType: "user", targetId: String(user.id) },
    );
    return { ok: true, user };
  });
}
