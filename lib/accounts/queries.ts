import "server-only";
import { sql } from "drizzle-orm";
import { users, type Role, type User } from "@/drizzle/schema";
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

// Verified against when the email is unknown, so both failures take the same time.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$4gbLJlmJ3mRFtz92Ola4VA$55K572Dvcfkt+YkW19MtWCxU3B+i6RX8/XaKnfEXjfg";

export type SessionUser = { id: number; email: string; name: string; role: Role; sessionVersion: number };

/**
 * Checks a sign-in, writing nothing (attemptSignIn in ./sign-in records the outcome); the same
 * `null` for an unknown email, a wrong password or a disabled user.
 */
export async function authenticateUser(db: Database, email: string, password: string): Promise<SessionUser | null> {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
