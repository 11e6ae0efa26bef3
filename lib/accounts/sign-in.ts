import "server-only";
import { and, count, eq, gte } from "drizzle-orm";
import { auditLog } from "@/drizzle/schema";
import { recordAudit } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { authenticateUser, type SessionUser } from "./users";

/*
 * Sign-in protection (issue 8): failed attempts are audit entries; too many in the window, per
 * account (the typed email, known or not, so throttling reveals nothing) or per address, and
 * every attempt is refused until the window moves on, even with the right password.
 */

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

const FAILED = "auth.sign_in_failed";

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

async function recentFailures(db: Database, since: Date, where: ReturnType<typeof eq>): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.action, FAILED), gte(auditLog.at, since), where));
  return row?.n ?? 0;
}

/** Whether this account or address has failed too often lately. */
export async function isThrottled(db: Database, email: string, ip: string | null, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
  if ((await recentFailures(db, since, eq(auditLog.actorEmail, email))) >= MAX_FAILURES_PER_ACCOUNT) return true;
  return ip !== null && (await recentFailures(db, since, eq(auditLog.ipAddress, ip))) >= MAX_FAILURES_PER_ADDRESS;
}

/** One sign-in attempt: throttle, check, and leave an audit entry whatever happens. */
export async function attemptSignIn(db: Database, rawEmail: string, password: string, client: { ip: string | null; userAgent: string | null }): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase().slice(0, 254);
  const actor = { userId: null, email, ip: client.ip, userAgent: client.userAgent };
  if (await isThrottled(db, email, client.ip)) {
    await recordAudit(db, actor, { action: "auth.sign_in_throttled", targetType: "user" });
    return { ok: false, reason: "throttled", retryAfterMinutes: THROTTLE_WINDOW_MINUTES };
  }
  const user = await authenticateUser(db, email, password);
  if (!user) {
    await recordAudit(db, actor, { action: FAILED, targetType: "user" });
    return { ok: false, reason: "invalid" };
  }
  await recordAudit(db, { ...actor, userId: user.id }, { action: "auth.sign_in", targetType: "user", targetId: String(user.id) });
  return { ok: true, user };
}

/** The client's address as the proxy in front of the app reports it (first X-Forwarded-For hop). */
export function clientAddress(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || null;
}
