import { sql } from "drizzle-orm";
import { users, type User } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";

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
