import "server-only";
import { count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { auditLog, ROLES, users, type Role, type User } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254));

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name.").max(120),
  role: z.enum(ROLES),
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});
export type NewUserInput = z.input<typeof newUserSchema>;

export class UserExistsError extends Error {
  override name = "UserExistsError";
}

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return user;
}

export async function createUser(
  db: Database,
  input: NewUserInput,
  actor: { userId: number | null; email: string | null } = { userId: null, email: "system" },
): Promise<User> {
  const data = newUserSchema.parse(input);
  if (await findUserByEmail(db, data.email)) throw new UserExistsError(`A user with email ${data.email} already exists.`);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name, role: data.role, passwordHash })
      .returning();
    if (!user) throw new Error("insert returned no row");
    await tx.insert(auditLog).values({
      actorUserId: actor.userId,
      actorEmail: actor.email,
      action: "user.create",
      targetType: "user",
      targetId: String(user.id),
      details: { email: user.email, role: user.role },
    });
    return user;
  });
}

// Verified against when the email is unknown, so both failures take the same time.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$4gbLJlmJ3mRFtz92Ola4VA$55K572Dvcfkt+YkW19MtWCxU3B+i6RX8/XaKnfEXjfg";

export type SessionUser = { id: number; email: string; name: string; role: Role; sessionVersion: number };

/** Checks a sign-in; the same `null` for an unknown email, a wrong password or a disabled user. */
export async function authenticateUser(db: Database, email: string, password: string): Promise<SessionUser | null> {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok || user.disabled) return null;
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

/** The accounts made on the first start in development and sandbox mode (README lists them). */
export const DEMO_USERS = [
  { email: "admin@backoffice.test", name: "Demo Admin", role: "admin", password: "admin-sandbox-pass" },
  // A second admin, so the four-eyes approval of large payouts can be tried (issue 7).
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
