import "server-only";
import { translateText } from "@/lib/i18n/translate";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import {
  accountInterventions,
  recoveryCodes,
  registers,
  sessionFactors,
  userFactors,
  userRegisters,
  users,
  type InterventionKind,
  type RegisterScope,
  type Role,
  type User,
} from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { oneTimePassword } from "@/lib/server/ids";
import { independenceProblem } from "./lineage";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import { findUserByEmail } from "./queries";
import { clearAccountThrottle } from "./sign-in";
import { newUserSchema, type NewUserInput } from "./schemas";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Which registers a user sees: every one, or those chosen (by register id). */
export interface RegisterScopeInput {
  registerScope: RegisterScope;
  registerIds: readonly number[];
}

/** How the audit log describes a scope: "all", or the registers by name and project_id. */
type ScopeDescription = "all" | { name: string; projectId: string }[];

async function describeScope(tx: Pick<Database, "select">, user: Pick<User, "id" | "registerScope">): Promise<ScopeDescription> {
  if (user.registerScope === "all") return "all";
  return tx
    .select({ name: registers.name, projectId: registers.projectId })
    .from(userRegisters)
    .innerJoin(registers, eq(registers.id, userRegisters.registerId))
    .where(eq(userRegisters.userId, user.id))
    .orderBy(asc(registers.name), asc(registers.id));
}

/**
 * Replaces a user's scope (admins always get every register); returns it as the audit log
 * describes it. Unknown register ids are refused rather than dropped.
 */
async function writeScope(tx: Tx, userId: number, role: Role, input: RegisterScopeInput): Promise<ScopeDescription> {
  const ids = [...new Set(input.registerIds)];
  const scope: RegisterScope = role === "admin" ? "all" : input.registerScope;
  if (scope === "some") {
    if (ids.length === 0) throw scopeProblem("accounts.errors.chooseRegister");
    const found = await tx.select({ id: registers.id }).from(registers).where(inArray(registers.id, ids));
    if (found.length !== ids.length) throw scopeProblem("accounts.errors.registersFromList");
  }
  await tx.delete(userRegisters).where(eq(userRegisters.userId, userId));
  if (scope === "some") await tx.insert(userRegisters).values(ids.map((registerId) => ({ userId, registerId })));
  await tx.update(users).set({ registerScope: scope }).where(eq(users.id, userId));
  return describeScope(tx, { id: userId, registerScope: scope });
}

/**
 * Account lineage (lib/accounts/lineage.ts): what an admin did to an account, in the transaction of the change.
 * The command line and the demo seed act as nobody and leave no row.
 */
async function recordIntervention(tx: Pick<Database, "insert">, userId: number, actor: AuditActor, kind: InterventionKind) {
  if (actor.userId === null) return;
  await tx.insert(accountInterventions).values({ userId, byUserId: actor.userId, kind });
}

/** Admin rights asked for by `actor`: they wait for another admin (confirmAdmin). */
function pendingAdmin(actor: AuditActor) {
  return { pendingRole: "admin" as const, pendingRoleBy: actor.userId, pendingRoleAt: new Date() };
}

const NO_PENDING_ROLE = { pendingRole: null, pendingRoleBy: null, pendingRoleAt: null, activationPending: false };

function scopeProblem(message: string): AppError {
  return new AppError("bad_request:registers", message, { registerIds: [message] });
}

export async function createUser(
  db: Database,
  input: NewUserInput,
  actor: AuditActor = { userId: null, email: "system" },
  options: { mustChangePassword?: boolean } = {},
): Promise<User> {
  const data = newUserSchema.parse(input);
  if (await findUserByEmail(db, data.email)) {
    throw new AppError("conflict:user_exists", `A user with email ${data.email} already exists.`);
  }
  const passwordHash = await hashPassword(data.password);
  // An admin made by an admin cannot sign in until another admin confirms it (confirmAdmin); its role
  // meanwhile is the least one. The command line and the demo seed make admins active at once.
  const awaitsConfirmation = data.role === "admin" && actor.userId !== null;
  // The account, its one-time flag and its audit entry are one write: a failure leaves no half-made user.
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        email: data.email,
        name: data.name,
        role: awaitsConfirmation ? "viewer" : data.role,
        ...(awaitsConfirmation ? { ...pendingAdmin(actor), activationPending: true } : {}),
        passwordHash,
        mustChangePassword: options.mustChangePassword ?? false,
      })
      .returning();
    if (!user) throw new Error("insert returned no row");
    const scope = await writeScope(tx, user.id, data.role, data);
    await recordIntervention(tx, user.id, actor, "create");
    await recordAudit(tx, actor, {
      action: "user.create",
      targetType: "user",
      targetId: String(user.id),
      details: {
        email: user.email,
        role: data.role,
        registers: scope,
        ...(awaitsConfirmation ? { awaitingConfirmation: true } : {}),
      },
    });
    return { ...user, registerScope: scope === "all" ? "all" : "some" };
  });
}

/*
 * What admins do to accounts, and what a user does to their own password. Every change
 * is audited; disabling, a reset or a password change bumps session_version, which signs out every
 * session of that account (lib/accounts/auth currentUser). Nobody can remove the last enabled admin.
 */

/** Creates an account with a one-time password the admin hands over; the user must change it. */
export async function createUserWithOneTimePassword(
  db: Database,
  input: { email: string; name: string; role: Role } & Partial<RegisterScopeInput>,
  actor: AuditActor,
): Promise<{ user: User; password: string }> {
  if (await findUserByEmail(db, input.email)) {
    throw new AppError("conflict:user_exists", "accounts.errors.userExists", {
      email: ["accounts.errors.userExists"],
    });
  }
  const password = oneTimePassword();
  const user = await createUser(db, { ...input, password }, actor, { mustChangePassword: true });
  return { user, password };
}

/** Runs `change` on a user unless it would leave no enabled admin; serialised across instances. */
async function changeUser(
  db: Database,
  targetId: number,
  change: (user: User, tx: Tx) => Promise<void>,
  removesAdmin: (user: User) => boolean,
): Promise<User> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('users:admins'))`);
    const [user] = await tx.select().from(users).where(eq(users.id, targetId));
    if (!user) throw new AppError("not_found:user", "accounts.errors.noUser");
    if (user.role === "admin" && !user.disabled && removesAdmin(user)) {
      const [other] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, targetId)))
        .limit(1);
      if (!other) throw new AppError("conflict:last_admin", "accounts.errors.lastAdmin");
    }
    await change(user, tx);
    return user;
  });
}

/**
 * A new role. Admin rights asked for by an admin wait for another admin's confirmation (confirmAdmin) and the
 * user keeps their role until then; any other choice applies at once and drops a pending request.
 */
export async function changeRole(db: Database, targetId: number, role: Role, actor: AuditActor): Promise<void> {
  await changeUser(
    db,
    targetId,
    async (user, tx) => {
      if (role === "admin" && user.role !== "admin" && actor.userId !== null) {
        if (user.pendingRole === "admin") return;
        await tx.update(users).set(pendingAdmin(actor)).where(eq(users.id, targetId));
        await recordIntervention(tx, targetId, actor, "role_change");
        await recordAudit(tx, actor, {
          action: "user.role_change_requested",
          targetType: "user",
          targetId: String(targetId),
          details: { email: user.email, from: user.role, to: role },
        });
        return;
      }
      if (user.role === role && user.pendingRole === null) return;
      await tx
        .update(users)
        .set({ role, ...NO_PENDING_ROLE })
        .where(eq(users.id, targetId));
      await recordIntervention(tx, targetId, actor, "role_change");
      // An admin has every register; a narrower scope set before does not come back on a later demotion.
      const widened = role === "admin" && user.registerScope !== "all";
      if (widened) await writeScope(tx, targetId, role, { registerScope: "all", registerIds: [] });
      await recordAudit(tx, actor, {
        action: "user.role_change",
        targetType: "user",
        targetId: String(targetId),
        details: {
          email: user.email,
          from: user.role,
          to: role,
          ...(user.pendingRole ? { droppedPendingRole: user.pendingRole } : {}),
          ...(widened ? { registers: "all" } : {}),
        },
      });
    },
    () => role !== "admin",
  );
}

/**
 * Another admin confirms admin rights asked for by an admin: the user becomes an admin (a new account can
 * sign in from now on). Refused, and audited, for the admin who asked and for any admin not independent of
 * them (lib/accounts/lineage.ts): otherwise an admin could make an admin and confirm it through an account
 * of their own making.
 */
export async function confirmAdmin(db: Database, targetId: number, actor: AuditActor): Promise<User> {
  const [target] = await db.select().from(users).where(eq(users.id, targetId));
  if (!target) throw new AppError("not_found:user", "accounts.errors.noUser");
  if (target.pendingRole !== "admin") throw new AppError("conflict:not_pending", "accounts.errors.notPending");
  const problem =
    actor.userId === null
      ? null
      : actor.userId === target.id
        ? "accounts.errors.confirmOwn"
        : target.pendingRoleBy === actor.userId
          ? "accounts.errors.askedYourself"
          : target.pendingRoleBy === null
            ? null
            : await independenceProblem(db, { id: target.pendingRoleBy, who: "admin_requester" }, actor.userId, "confirm");
  if (problem) {
    await recordAudit(db, actor, {
      action: "user.admin_confirm_refused",
      targetType: "user",
      targetId: String(targetId),
      details: { email: target.email, requestedBy: target.pendingRoleBy, reason: translateText("en", problem) },
    });
    throw new AppError("forbidden:four_eyes", problem);
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('users:admins'))`);
    const [confirmed] = await tx
      .update(users)
      .set({ role: "admin", ...NO_PENDING_ROLE })
      .where(and(eq(users.id, targetId), eq(users.pendingRole, "admin"), eq(users.pendingRoleBy, target.pendingRoleBy ?? -1)))
      .returning();
    if (!confirmed) throw new AppError("conflict:not_pending", "accounts.errors.changedMeanwhile");
    const widened = confirmed.registerScope !== "all";
    if (widened) await writeScope(tx, targetId, "admin", { registerScope: "all", registerIds: [] });
    await recordAudit(tx, actor, {
      action: "user.admin_confirm",
      targetType: "user",
      targetId: String(targetId),
      details: {
        email: confirmed.email,
        from: target.role,
        requestedBy: target.pendingRoleBy,
        newAccount: target.activationPending,
        ...(widened ? { registers: "all" } : {}),
      },
    });
    return { ...confirmed, registerScope: "all" };
  });
}

/** Sets which registers a user sees and acts on; applies at the user's next request. Admins always have every register. */
export async function setRegisterScope(
  db: Database,
  targetId: number,
  input: RegisterScopeInput,
  actor: AuditActor,
): Promise<void> {
  await changeUser(
    db,
    targetId,
    async (user, tx) => {
      if (user.role === "admin") throw new AppError("conflict:admin_scope", "accounts.errors.adminScope");
      const from = await describeScope(tx, user);
      const to = await writeScope(tx, targetId, user.role, input);
      if (JSON.stringify(from) === JSON.stringify(to)) return;
      await recordAudit(tx, actor, {
        action: "user.register_scope",
        targetType: "user",
        targetId: String(targetId),
        details: { email: user.email, from, to },
      });
    },
    () => false,
  );
}

export async function setDisabled(db: Database, targetId: number, disabled: boolean, actor: AuditActor): Promise<void> {
  if (disabled && targetId === actor.userId) throw new AppError("conflict:self", "accounts.errors.disableSelf");
  await changeUser(
    db,
    targetId,
    async (user, tx) => {
      if (user.disabled === disabled) return;
      await tx
        .update(users)
        .set({ disabled, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, targetId));
      if (!disabled) await recordIntervention(tx, targetId, actor, "enable");
      await recordAudit(tx, actor, {
        action: disabled ? "user.disable" : "user.enable",
        targetType: "user",
        targetId: String(targetId),
        details: { email: user.email },
      });
    },
    () => disabled,
  );
}

/** A new one-time password for someone who lost theirs; their sessions end. */
export async function resetPassword(db: Database, targetId: number, actor: AuditActor): Promise<string> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await changeUser(
    db,
    targetId,
    async (user, tx) => {
      await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: true, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, targetId));
      // The admin's reset confirms who signs in next: the account's failed attempts no longer delay it.
      await clearAccountThrottle(tx, user.email);
      await recordIntervention(tx, targetId, actor, "password_reset");
      await recordAudit(tx, actor, {
        action: "user.password_reset",
        targetType: "user",
        targetId: String(targetId),
        details: { email: user.email },
      });
    },
    () => false,
  );
  return password;
}

/**
 * Another admin removes a user's second factor (a lost phone): their recovery codes go too, and their
 * sessions end; at the next sign-in they enrol again if their role must use one. Counts in the account's
 * lineage like a password reset: with it, an admin could take over the account.
 */
export async function resetSecondFactor(db: Database, targetId: number, actor: AuditActor): Promise<void> {
  if (targetId === actor.userId) throw new AppError("conflict:self", "accounts.errors.resetOwnFactor");
  await changeUser(
    db,
    targetId,
    async (user, tx) => {
      const removed = await tx.delete(userFactors).where(eq(userFactors.userId, targetId)).returning({ id: userFactors.id });
      if (removed.length === 0) throw new AppError("conflict:no_factor", "accounts.errors.noFactor");
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, targetId));
      await tx.delete(sessionFactors).where(eq(sessionFactors.userId, targetId));
      await tx
        .update(users)
        .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, targetId));
      await recordIntervention(tx, targetId, actor, "factor_reset");
      await recordAudit(tx, actor, {
        action: "user.second_factor_reset",
        targetType: "user",
        targetId: String(targetId),
        details: { email: user.email },
      });
    },
    () => false,
  );
}

/** A user changes their own password; every session of theirs ends (they sign in again). */
export async function changeOwnPassword(
  db: Database,
  userId: number,
  current: string,
  next: string,
  actor: AuditActor,
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError("not_found:user", "accounts.errors.noUser");
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw new AppError("bad_request:current_password", "accounts.errors.currentPassword", {
      current: ["accounts.errors.currentPassword"],
    });
  }
  const problem = passwordProblem(next, user.email) ?? (next === current ? "accounts.errors.samePassword" : null);
  if (problem) throw new AppError("bad_request:password", problem, { password: [problem] });
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(next), mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  await recordAudit(db, actor, { action: "user.password_change", targetType: "user", targetId: String(userId) });
}

/** The user's own language and zone (null: automatic); no audit entry, it moves nothing but words and clocks. */
export async function setPreferences(
  db: Database,
  userId: number,
  preferences: { locale: string | null; timeZone: string | null },
): Promise<void> {
  await db
    .update(users)
    .set({ locale: preferences.locale, timeZone: preferences.timeZone, updatedAt: new Date() })
    .where(eq(users.id, userId));
}
