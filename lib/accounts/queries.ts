import "server-only";
import { asc, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import { registers, userFactors, userRegisters, users, type Role, type User } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { verifyPassword } from "./password";

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return user;
}

export async function listUsers(db: Database): Promise<User[]> {
  return db.select().from(users).orderBy(users.email);
}

/**
 * The project_ids of a user's chosen registers, as one array (empty when none), for a select from
 * `users`. Spelled out with aliases: drizzle leaves columns unqualified inside a select list, where
 * `id` would silently mean the subquery's own column.
 */
/** The ids of the users with a confirmed second factor. */
export async function usersWithSecondFactor(db: Pick<Database, "select">): Promise<Set<number>> {
  const rows = await db.select({ userId: userFactors.userId }).from(userFactors).where(isNotNull(userFactors.confirmedAt));
  return new Set(rows.map((row) => row.userId));
}

export function scopedProjectIds(): SQL<string[]> {
  return sql<
    string[]
  >`array(select r.project_id from user_registers ur join registers r on r.id = ur.register_id where ur.user_id = "users"."id" order by r.project_id)`;
}

export interface RegisterChoice {
  id: number;
  name: string;
  projectId: string;
}

/** The registers a user can be scoped to, by name. */
export async function registerChoices(db: Pick<Database, "select">): Promise<RegisterChoice[]> {
  return db
    .select({ id: registers.id, name: registers.name, projectId: registers.projectId })
    .from(registers)
    .orderBy(asc(registers.name), asc(registers.id));
}

/** The chosen registers of every user scoped to some (users with every register have no entry). */
export async function scopedRegistersByUser(db: Pick<Database, "select">): Promise<Map<number, RegisterChoice[]>> {
  const rows = await db
    .select({ userId: userRegisters.userId, id: registers.id, name: registers.name, projectId: registers.projectId })
    .from(userRegisters)
    .innerJoin(registers, eq(registers.id, userRegisters.registerId))
    .orderBy(asc(registers.name), asc(registers.id));
  const byUser = new Map<number, RegisterChoice[]>();
  for (const { userId, ...register } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), register]);
  return byUser;
}

// Verified against when the email is unknown, so both failures take the same time.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$4gbLJlmJ3mRFtz92Ola4VA$55K572Dvcfkt+YkW19MtWCxU3B+i6RX8/XaKnfEXjfg";

export type SessionUser = { id: number; email: string; name: string; role: Role; sessionVersion: number };

/**
 * Checks a sign-in, writing nothing (attemptSignIn in ./sign-in records the outcome); the same
 * `null` for an unknown email, a wrong password, a disabled user or an admin not yet confirmed.
 */
export async function authenticateUser(db: Database, email: string, password: string): Promise<SessionUser | null> {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  // A new admin account awaiting another admin's confirmation cannot sign in yet (lib/accounts/commands.ts confirmAdmin).
  if (!user || !ok || user.disabled || user.activationPending) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
