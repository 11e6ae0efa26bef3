import "server-only";
import crypto from "node:crypto";
import { and, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import QRCode from "qrcode";
import { appSettings, recoveryCodes, ROLES, sessionFactors, userFactors, type Role } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { getSecretBox } from "@/lib/server/secrets-key";
import { SESSION_MAX_SECONDS } from "./auth-config";
import { clearAfterSuccess, factorKey, throttleGate } from "./sign-in";
import { matchTotpStep, newTotpSecret, totpUri } from "./totp";

/*
 * The second factor (docs/second-factor.md): a TOTP authenticator app, with ten single-use recovery
 * codes. Secrets are sealed by the same secret box as register keys; recovery codes are kept as SHA-256
 * hashes (they are random, 50 bits each, so a plain hash is enough). Which roles must use it is an
 * organisation setting (app_settings `second_factor_roles`, admins by default). Codes go through the
 * sign-in throttle under the key `factor:<user id>` and the client's address.
 */

export const RECOVERY_CODE_COUNT = 10;
export const FACTOR_ROLES_SETTING = "second_factor_roles";
export const DEFAULT_FACTOR_ROLES: readonly Role[] = ["admin"];
const ISSUER = "HighHelp back-office";
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** What the session knows of its user's second factor (read with the session in lib/accounts/auth.ts). */
export interface SecondFactorState {
  /** The user has a confirmed factor. */
  enrolled: boolean;
  /** The user's role must use one (organisation setting). */
  required: boolean;
  /** When this session last proved it (a code from the app or a recovery code); null: not yet. */
  verifiedAt: Date | null;
  /** When this session last entered a code from the app: step-up counts from here. */
  appCodeAt: Date | null;
}

type Client = { ip: string | null; userAgent: string | null };
type Who = { id: number; email: string };

/** The roles from a stored setting; anything unreadable means the default. */
export function parseFactorRoles(value: unknown): Role[] {
  if (!Array.isArray(value)) return [...DEFAULT_FACTOR_ROLES];
  return ROLES.filter((role) => value.includes(role));
}

export async function factorRoles(db: Pick<Database, "select">): Promise<Role[]> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, FACTOR_ROLES_SETTING));
  return row ? parseFactorRoles(row.value) : [...DEFAULT_FACTOR_ROLES];
}

/** An admin changes which roles must use a second factor; audited with the old and new lists. */
export async function setFactorRoles(db: Database, roles: readonly Role[], actor: AuditActor): Promise<void> {
  const to = ROLES.filter((role) => roles.includes(role));
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('app_settings:second_factor_roles'))`);
    const from = await factorRoles(tx);
    if (from.join() === to.join()) return;
    await tx
      .insert(appSettings)
      .values({ key: FACTOR_ROLES_SETTING, value: to, updatedBy: actor.userId, updatedAt: new Date() })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: to, updatedBy: actor.userId, updatedAt: new Date() } });
    await recordAudit(tx, actor, { action: "settings.second_factor_roles", targetType: "system", details: { from, to } });
  });
}

/** Whether the action asking for a fresh code may go ahead: null, or the refusal. */
export function stepUpProblem(state: SecondFactorState | undefined, nowMs: number = Date.now()): AppError | null {
  if (!state?.enrolled) return new AppError("forbidden:step_up", "secondFactor.errors.stepUpEnrol");
  const fresh = state.appCodeAt !== null && nowMs - state.appCodeAt.getTime() <= env.STEP_UP_SECONDS * 1000;
  return fresh ? null : new AppError("forbidden:step_up", "secondFactor.errors.stepUp");
}

export async function factorSummary(
  db: Pick<Database, "select">,
  userId: number,
): Promise<{ confirmedAt: Date | null; recoveryCodesLeft: number }> {
  const [factor] = await db
    .select({ confirmedAt: userFactors.confirmedAt })
    .from(userFactors)
    .where(and(eq(userFactors.userId, userId), eq(userFactors.kind, "totp")));
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { confirmedAt: factor?.confirmedAt ?? null, recoveryCodesLeft: Number(left?.n ?? 0) };
}

/**
 * Enrolment, step one: a new secret (replacing an unfinished enrolment), to scan as a QR code or type.
 * Refused while a confirmed factor exists: another admin resets it first.
 */
export async function startEnrolment(db: Database, user: Who): Promise<{ secret: string; uri: string; qr: string }> {
  const [existing] = await db
    .select({ confirmedAt: userFactors.confirmedAt })
    .from(userFactors)
    .where(and(eq(userFactors.userId, user.id), eq(userFactors.kind, "totp")));
  if (existing?.confirmedAt) throw new AppError("conflict:factor_exists", "secondFactor.errors.alreadyEnrolled");
  const secret = newTotpSecret();
  const sealed = getSecretBox().seal(secret);
  await db
    .insert(userFactors)
    .values({ userId: user.id, kind: "totp", secretEncrypted: sealed })
    .onConflictDoUpdate({
      target: [userFactors.userId, userFactors.kind],
      set: { secretEncrypted: sealed, lastUsedStep: null, createdAt: new Date() },
      setWhere: isNull(userFactors.confirmedAt),
    });
  const uri = totpUri(ISSUER, user.email, secret);
  return { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normaliseRecoveryCode(code: string): string {
  const chars = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  return chars.length === 10 ? `${chars.slice(0, 5)}-${chars.slice(5)}` : chars;
}

export function hashRecoveryCode(code: string): string {
  return crypto.createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/**
 * Marks this session's second factor as proved now. A code from the app also starts the step-up window again;
 * a recovery code does not (it is a static secret, possibly on paper: actions that ask for step-up want the app).
 */
async function markSessionVerified(
  tx: Pick<Database, "insert" | "delete">,
  userId: number,
  sessionId: string,
  appCode: boolean,
): Promise<void> {
  const now = new Date();
  const proved = { verifiedAt: now, ...(appCode ? { appCodeAt: now } : {}) };
  await tx.delete(sessionFactors).where(lt(sessionFactors.expiresAt, now));
  await tx
    .insert(sessionFactors)
    .values({ sessionId, userId, ...proved, expiresAt: new Date(now.getTime() + SESSION_MAX_SECONDS * 1000) })
    .onConflictDoUpdate({ target: sessionFactors.sessionId, set: { ...proved, userId } });
}

/** A signed-out session's record goes with it. */
export async function forgetSession(db: Pick<Database, "delete">, sessionId: string): Promise<void> {
  await db.delete(sessionFactors).where(eq(sessionFactors.sessionId, sessionId));
}

type CodeOutcome = { ok: true; recoveryCodesLeft?: number } | { ok: false };

/**
 * One code attempt through the throttle: refused unchecked while the account or address must wait;
 * otherwise counted, then checked by `check`; a success clears the account's count.
 */
async function throttled(
  db: Database,
  user: Who,
  client: Client,
  check: (tx: Parameters<Parameters<Database["transaction"]>[0]>[0]) => Promise<CodeOutcome>,
): Promise<CodeOutcome> {
  const actor = { userId: user.id, email: user.email, ...client };
  const verdict = await throttleGate(db, factorKey(user.id), client.ip);
  if (!verdict.allowed) {
    if (verdict.firstRefusal) {
      await recordAudit(db, actor, {
        action: "auth.second_factor_throttled",
        targetType: "user",
        targetId: String(user.id),
        details: { scope: verdict.scope, failures: verdict.failures, retryAfterSeconds: verdict.retryAfterSeconds },
      });
    }
    throw new AppError("forbidden:second_factor_throttled", "secondFactor.errors.throttled", {
      code: ["secondFactor.errors.throttled"],
    });
  }
  const outcome = await db.transaction(async (tx) => {
    const result = await check(tx);
    if (result.ok) await clearAfterSuccess(tx, factorKey(user.id), client.ip);
    return result;
  });
  if (!outcome.ok) {
    await recordAudit(db, actor, { action: "auth.second_factor_failed", targetType: "user", targetId: String(user.id) });
  }
  return outcome;
}

const WRONG_CODE = () =>
  new AppError("bad_request:second_factor_code", "secondFactor.errors.wrongCode", { code: ["secondFactor.errors.wrongCode"] });

/** Checks a TOTP code against the user's factor row (locked), and records its step as used. */
async function acceptTotp(
  tx: Parameters<Parameters<Database["transaction"]>[0]>[0],
  userId: number,
  code: string,
  confirmed: boolean,
): Promise<boolean> {
  const [factor] = await tx
    .select()
    .from(userFactors)
    .where(
      and(
        eq(userFactors.userId, userId),
        eq(userFactors.kind, "totp"),
        confirmed ? isNotNull(userFactors.confirmedAt) : isNull(userFactors.confirmedAt),
      ),
    )
    .for("update");
  if (!factor) return false;
  const step = matchTotpStep(getSecretBox().open(factor.secretEncrypted), code, Date.now(), factor.lastUsedStep);
  if (step === null) return false;
  await tx
    .update(userFactors)
    .set({ lastUsedStep: step, ...(confirmed ? {} : { confirmedAt: new Date() }) })
    .where(eq(userFactors.id, factor.id));
  return true;
}

/** Replaces the user's recovery codes with ten new ones; returns them (shown once, never stored in clear). */
async function writeRecoveryCodes(tx: Pick<Database, "delete" | "insert">, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/**
 * Enrolment, step two: the first code from the app confirms the secret. The session counts as verified,
 * and ten recovery codes are made (returned once).
 */
export async function confirmEnrolment(
  db: Database,
  user: Who,
  code: string,
  sessionId: string,
  client: Client,
): Promise<{ recoveryCodes: string[] }> {
  let codes: string[] = [];
  const outcome = await throttled(db, user, client, async (tx) => {
    if (!(await acceptTotp(tx, user.id, code, false))) {
      const [any] = await tx.select({ id: userFactors.id }).from(userFactors).where(eq(userFactors.userId, user.id));
      if (!any) throw new AppError("conflict:no_enrolment", "secondFactor.errors.noEnrolment");
      return { ok: false };
    }
    codes = await writeRecoveryCodes(tx, user.id);
    await markSessionVerified(tx, user.id, sessionId, true);
    await recordAudit(
      tx,
      { userId: user.id, email: user.email, ...client },
      { action: "user.second_factor_enrol", targetType: "user", targetId: String(user.id), details: { kind: "totp" } },
    );
    return { ok: true };
  });
  if (!outcome.ok) throw WRONG_CODE();
  return { recoveryCodes: codes };
}

/**
 * A code from the app, or a recovery code (used up), proves the second factor for this session after the
 * password; step-up takes a code from the app only. Returns how many recovery codes are left when one was used.
 */
export async function verifySecondFactor(
  db: Database,
  user: Who,
  code: string,
  sessionId: string,
  client: Client,
  options: { stepUp?: boolean } = {},
): Promise<{ recoveryCodesLeft?: number }> {
  const typed = code.trim();
  if (options.stepUp && !/^\d[\d\s]*$/.test(typed)) {
    throw new AppError("bad_request:second_factor_code", "secondFactor.errors.stepUpNeedsApp", {
      code: ["secondFactor.errors.stepUpNeedsApp"],
    });
  }
  const outcome = await throttled(db, user, client, async (tx) => {
    const [factor] = await tx
      .select({ id: userFactors.id })
      .from(userFactors)
      .where(and(eq(userFactors.userId, user.id), isNotNull(userFactors.confirmedAt)));
    if (!factor) throw new AppError("conflict:no_factor", "secondFactor.errors.stepUpEnrol");
    if (/^\d[\d\s]*$/.test(typed)) {
      if (!(await acceptTotp(tx, user.id, typed, true))) return { ok: false };
      await markSessionVerified(tx, user.id, sessionId, true);
      return { ok: true };
    }
    const [used] = await tx
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(
        and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashRecoveryCode(typed)), isNull(recoveryCodes.usedAt)),
      )
      .returning({ id: recoveryCodes.id });
    if (!used) return { ok: false };
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
    const recoveryCodesLeft = Number(left?.n ?? 0);
    await markSessionVerified(tx, user.id, sessionId, false);
    await recordAudit(
      tx,
      { userId: user.id, email: user.email, ...client },
      { action: "auth.recovery_code_used", targetType: "user", targetId: String(user.id), details: { recoveryCodesLeft } },
    );
    return { ok: true, recoveryCodesLeft };
  });
  if (!outcome.ok) throw WRONG_CODE();
  return outcome.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: outcome.recoveryCodesLeft };
}

/** The demo accounts' factor, made with a fixed secret (sandbox only: lib/accounts/demo-users.ts). */
export async function enrolWithSecret(db: Pick<Database, "insert">, userId: number, secret: string): Promise<void> {
  await db
    .insert(userFactors)
    .values({ userId, kind: "totp", secretEncrypted: getSecretBox().seal(secret), confirmedAt: new Date() })
    .onConflictDoNothing();
}
