import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { authenticateUser, createUser, DEMO_USERS, ensureDemoUsers } from "./users";

describe.each(testDatabaseKinds())("users on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("creates the demo accounts once, on an empty table", async () => {
    expect(await ensureDemoUsers(database.db)).toHaveLength(DEMO_USERS.length);
    expect(await ensureDemoUsers(database.db)).toHaveLength(0);
    const admin = await authenticateUser(database.db, "ADMIN@backoffice.test", "admin-sandbox-pass");
    expect(admin).toMatchObject({ email: "admin@backoffice.test", role: "admin" });
  });

  it("answers the same null for a wrong password, an unknown email and a disabled user", async () => {
    const user = await createUser(database.db, { email: "finance@example.kz", name: "F", role: "viewer", password: "correct horse battery" });
    expect(await authenticateUser(database.db, "finance@example.kz", "wrong password!!")).toBeNull();
    expect(await authenticateUser(database.db, "nobody@example.kz", "correct horse battery")).toBeNull();
    await database.db.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expect(await authenticateUser(database.db, "finance@example.kz", "correct horse battery")).toBeNull();
  });

  it("stores an argon2id hash, never the password, and audits the creation", async () => {
    const user = await createUser(database.db, { email: "hash@example.kz", name: "H", role: "operator", password: "long enough password" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain("long enough password");
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.targetId, String(user.id)));
    expect(entries.map((e) => e.action)).toContain("user.create");
  });

  it("refuses a duplicate email and a short password", async () => {
    await expect(createUser(database.db, { email: "HASH@example.kz", name: "X", role: "viewer", password: "another long one" })).rejects.toMatchObject({
      code: "conflict:user_exists",
    });
    await expect(createUser(database.db, { email: "short@example.kz", name: "S", role: "viewer", password: "short" })).rejects.toThrow();
  });
});
