import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import { signInThrottle, users } from "@/drizzle/schema";
import { recordAudit } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";
import { authenticateUser, type SessionUser } from "./queries";

/*
 * Sign-in protection, in the sign_in_throttle table:
 *
 *  - Per account (the typed email, known or not, so throttling tells nothing about who exists): the
 *    first MAX_FAILURES_PER_ACCOUNT failures in a row cost nothing; after that each further attempt
 *    must wait accountDelaySeconds() after the last one (1, 2, 4, 8, 16, then 30 minutes). An attempt
 *    during the wait is refused without its password being checked, and does not lengthen the wait.
 *    This is a delay, not a lockout: an outsider can slow an account down but never shut it for longer
 *    than one wait after their last guess. From the 10th failure on it waits 30 minutes, as PCI DSS
 *    asks of a lockout. A success, a password reset by an admin, or a day without failures clears it.
 *  - Per trusted client address (lib/server/request-context.ts): MAX_FAILURES_PER_ADDRESS checked
 *    attempts per ADDRESS_WINDOW_MINUTES, then refused until the window ends. An unknown address
 *    (no trusted proxy) has no per-address limit: one shared bucket for every unknown caller would let
 *    anybody refuse everybody's sign-in.
 *
 * A checked attempt is counted before its password is checked, under the rows' locks, so however many
 * arrive at once no more than the limit are checked. Refused attempts only bump a counter: the first
 * refusal after a checked attempt is audited, the next checked attempt's entry says how many followed.
 */

export const MAX_FAILURES_PER_ACCOUNT = 5;
export const ACCOUNT_DELAY_CAP_MINUTES = 30;
/** Failures older than this no longer count towards an account's delay. */
export const ACCOUNT_STREAK_HOURS = 24;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const ADDRESS_WINDOW_MINUTES = 15;

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** How long an account must wait after `failures` failures in a row before its next attempt is checked. */
export function accountDelaySeconds(failures: number): number {
  if (failures < MAX_FAILURES_PER_ACCOUNT) return 0;
  return Math.min(60 * 2 ** (failures - MAX_FAILURES_PER_ACCOUNT), ACCOUNT_DELAY_CAP_MINUTES * 60);
}

export const accountKey = (email: string) => `account:${normaliseEmail(email)}`;
/** A second-factor code is throttled like a password, per account under this key (lib/accounts/second-factor.ts). */
export const factorKey = (userId: number) => `factor:${userId}`;
export const addressKey = (ip: string) => `address:${ip}`;

function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase().slice(0, 254);
}

type Counter = { key: string; failures: number; refused: number; sinceFailure: number | null; sinceWindow: number | null };

export type Gate =
  | { allowed: true; refusedMeanwhile: { account: number; address: number } }
  | { allowed: false; retryAfterSeconds: number; firstRefusal: boolean; scope: string[]; failures: number };

/**
 * Takes the account's and the address's rows (created when missing) under lock, and either counts
 * the attempt as checked or refuses it. Measured on the database's clock, whatever the app's says.
 * `account` is accountKey(email) for a password, factorKey(user id) for a second-factor code.
 */
export async function throttleGate(db: Database, account: string, ip: string | null): Promise<Gate> {
  const address = ip === null ? null : addressKey(ip);
  return db.transaction(async (tx) => {
    // One statement takes both rows' locks, account first, in every attempt: no two attempts wait on each other in a cycle.
    const rows = await executeRows<{
      key: string;
      failures: number;
      refused: number;
      since_failure: number | null;
      since_window: number | null;
    }>(
      tx,
      sql`insert into ${signInThrottle} (key) values ${sql.join(
        [account, ...(address ? [address] : [])].map((key) => sql`(${key})`),
        sql`, `,
      )}
        on conflict (key) do update set refused = ${signInThrottle}.refused
        returning key, failures, refused,
          extract(epoch from clock_timestamp() - last_failure_at)::float8 as since_failure,
          extract(epoch from clock_timestamp() - window_started_at)::float8 as since_window`,
    );
    const read = (key: string): Counter => {
      const row = rows.find((r) => r.key === key)!;
      return {
        key,
        failures: Number(row.failures),
        refused: Number(row.refused),
        sinceFailure: row.since_failure === null ? null : Number(row.since_failure),
        sinceWindow: row.since_window === null ? null : Number(row.since_window),
      };
    };
    const acc = read(account);
    const accStale = acc.sinceFailure === null || acc.sinceFailure > ACCOUNT_STREAK_HOURS * 3600;
    const accFailures = accStale ? 0 : acc.failures;
    const accWait = accFailures < MAX_FAILURES_PER_ACCOUNT ? 0 : accountDelaySeconds(accFailures) - (acc.sinceFailure ?? 0);

    const addr = address === null ? null : read(address);
    const windowSeconds = ADDRESS_WINDOW_MINUTES * 60;
    const addrFresh = addr !== null && addr.sinceWindow !== null && addr.sinceWindow < windowSeconds;
    const addrFailures = addrFresh ? addr.failures : 0;
    const addrWait = addrFresh && addrFailures >= MAX_FAILURES_PER_ADDRESS ? windowSeconds - (addr.sinceWindow ?? 0) : 0;

    if (accWait > 0 || addrWait > 0) {
      const blocking = [...(accWait > 0 ? [acc] : []), ...(addrWait > 0 && addr ? [addr] : [])];
      await tx
        .update(signInThrottle)
        .set({ refused: sql`${signInThrottle.refused} + 1`, updatedAt: sql`now()` })
        .where(
          inArray(
            signInThrottle.key,
            blocking.map((c) => c.key),
          ),
        );
      return {
        allowed: false,
        retryAfterSeconds: Math.ceil(Math.max(accWait, addrWait)),
        firstRefusal: blocking.some((c) => c.refused === 0),
        scope: blocking.map((c) => (c === acc ? "account" : "address")),
        failures: Math.max(accWait > 0 ? accFailures : 0, addrWait > 0 ? addrFailures : 0),
      };
    }

    await tx
      .update(signInThrottle)
      .set({ failures: accFailures + 1, lastFailureAt: sql`clock_timestamp()`, refused: 0, updatedAt: sql`now()` })
      .where(eq(signInThrottle.key, account));
    if (addr) {
      await tx
        .update(signInThrottle)
        .set(
          addrFresh
            ? { failures: addrFailures + 1, refused: 0, updatedAt: sql`now()` }
            : { failures: 1, windowStartedAt: sql`clock_timestamp()`, refused: 0, updatedAt: sql`now()` },
        )
        .where(eq(signInThrottle.key, addr.key));
    }
    return { allowed: true, refusedMeanwhile: { account: acc.refused, address: addr?.refused ?? 0 } };
  });
}

/** A success: the account's failures are forgotten, and the attempt no longer counts against its address. */
export async function clearAfterSuccess(tx: Pick<Tx, "delete" | "update">, account: string, ip: string | null): Promise<void> {
  await tx.delete(signInThrottle).where(eq(signInThrottle.key, account));
  if (ip !== null) {
    await tx
      .update(signInThrottle)
      .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
      .where(eq(signInThrottle.key, addressKey(ip)));
  }
}

/** Rows nobody has touched for a day carry nothing any more (streaks and windows are shorter); rows in use are skipped. */
async function pruneStale(db: Database): Promise<void> {
  await db.execute(
    sql`delete from ${signInThrottle} where key in (
      select key from ${signInThrottle} where updated_at < now() - make_interval(hours => ${ACCOUNT_STREAK_HOURS})
      limit 1000 for update skip locked)`,
  );
}

/** Forgets an account's failures: an admin reset its password, which confirms who will sign in next. */
export async function clearAccountThrottle(db: Pick<Database, "delete">, email: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, accountKey(email)));
}

/**
 * One sign-in attempt: the throttle's verdict, then (only when allowed) the password check, then the
 * audit entry. The slow password check runs outside any transaction.
 */
export async function attemptSignIn(
  db: Database,
  rawEmail: string,
  password: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<SignInResult> {
  const email = normaliseEmail(rawEmail);
  const actor = { userId: null, email, ip: client.ip, userAgent: client.userAgent };
  const verdict = await throttleGate(db, accountKey(email), client.ip);
  if (!verdict.allowed) {
    if (verdict.firstRefusal) {
      await recordAudit(db, actor, {
        action: "auth.sign_in_throttled",
        targetType: "user",
        details: { scope: verdict.scope, failures: verdict.failures, retryAfterSeconds: verdict.retryAfterSeconds },
      });
    }
    return { ok: false, reason: "throttled", retryAfterSeconds: verdict.retryAfterSeconds };
  }
  const { account, address } = verdict.refusedMeanwhile;
  const details = account > 0 || address > 0 ? { refusedSinceLastAttempt: { account, address } } : undefined;
  const user = await authenticateUser(db, email, password);
  if (!user) {
    await recordAudit(db, actor, { action: "auth.sign_in_failed", targetType: "user", ...(details ? { details } : {}) });
    return { ok: false, reason: "invalid" };
  }
  await db.transaction(async (tx) => {
    await clearAfterSuccess(tx, accountKey(email), client.ip);
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(
      tx,
      { ...actor, userId: user.id },
      { action: "auth.sign_in", targetType: "user", targetId: String(user.id), ...(details ? { details } : {}) },
    );
  });
  await pruneStale(db);
  return { ok: true, user };
}
