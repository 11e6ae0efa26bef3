import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, registers, userFactors, users } from "@/drizzle/schema";
import { attemptSignIn, MAX_FAILURES_PER_ACCOUNT } from "./sign-in";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db-open";
import { authenticateUser, scopedProjectIds } from "./queries";
import {
  changeOwnPassword,
  changeRole,
  confirmAdmin,
  createUser,
  createUserWithOneTimePassword,
  resetPassword,
  setDisabled,
  setRegisterScope,
} from "./commands";
import { createDemoUsersOnce, DEMO_USERS, ensureDemoUsers } from "./demo-users";

const client = { ip: "203.0.113.7", userAgent: "vitest" };

describe.each(testDatabaseKinds())("accounts and sign-in protection on %s", (kind) => {
  let database: TestDatabase;
  let adminId: number;
  const actor = () => ({ userId: adminId, email: "root@backoffice.test" });
  const user = async (id: number) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    adminId = (
      await createUser(database.db, {
        email: "root@backoffice.test",
        name: "Root",
        role: "admin",
        password: "root long password",
      })
    ).id;
  });
  afterAll(async () => database?.drop());

  it("creates a user with a one-time password that must be changed, and signs in with it", async () => {
    const { user: created, password } = await createUserWithOneTimePassword(
      database.db,
      { email: "new@backoffice.test", name: "New", role: "viewer" },
      actor(),
    );
    expect(password).toHaveLength(20);
    expect((await user(created.id)).mustChangePassword).toBe(true);
    expect(await attemptSignIn(database.db, "NEW@backoffice.test", password, client)).toMatchObject({ ok: true });
    await expect(
      createUserWithOneTimePassword(database.db, { email: "new@backoffice.test", name: "Again", role: "viewer" }, actor()),
    ).rejects.toMatchObject({
      code: "conflict:user_exists",
    });
  });

  it("creates a user with a one-time password in one transaction: a failed write leaves no user", async () => {
    // The write that marks the password as one-time fails, for this one email.
    await database.db.execute(sql`
      create function fail_doomed_user() returns trigger language plpgsql as $$
      begin
        if new.email = 'doomed@backoffice.test' and new.must_change_password then
          raise exception 'one-time flag refused by the test';
        end if;
        return new;
      end $$`);
    await database.db.execute(
      sql`create trigger fail_doomed_user before insert or update on users for each row execute function fail_doomed_user()`,
    );
    try {
      await expect(
        createUserWithOneTimePassword(database.db, { email: "doomed@backoffice.test", name: "Doomed", role: "viewer" }, actor()),
      ).rejects.toThrow();
      expect(await database.db.select().from(users).where(eq(users.email, "doomed@backoffice.test"))).toEqual([]);
    } finally {
      await database.db.execute(sql`drop trigger fail_doomed_user on users`);
      await database.db.execute(sql`drop function fail_doomed_user()`);
    }
    // Without the fault the same creation goes through, one-time flag and audit entry included.
    const { user: created } = await createUserWithOneTimePassword(
      database.db,
      { email: "doomed@backoffice.test", name: "Doomed", role: "viewer" },
      { ...actor(), ip: "203.0.113.8", userAgent: "vitest" },
    );
    expect(created.mustChangePassword).toBe(true);
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, String(created.id)));
    expect(entry).toMatchObject({ action: "user.create", actorUserId: adminId, ipAddress: "203.0.113.8" });
  });

  it("never removes the last enabled admin, by demotion or by disabling", async () => {
    await expect(changeRole(database.db, adminId, "operator", actor())).rejects.toMatchObject({ code: "conflict:last_admin" });
    const second = await createUser(database.db, {
      email: "second@backoffice.test",
      name: "Second",
      role: "admin",
      password: "second long password",
    });
    await expect(setDisabled(database.db, adminId, true, actor())).rejects.toMatchObject({ code: "conflict:self" });
    await setDisabled(database.db, second.id, true, actor());
    await expect(changeRole(database.db, adminId, "viewer", actor())).rejects.toMatchObject({ code: "conflict:last_admin" });
    await setDisabled(database.db, second.id, false, actor());
    await changeRole(database.db, second.id, "operator", actor());
    expect((await user(second.id)).role).toBe("operator");
    expect((await user(adminId)).role).toBe("admin");
  });

  it("ends every session of a user who is disabled, reset, or changes their password", async () => {
    const target = await createUser(database.db, {
      email: "sessions@backoffice.test",
      name: "S",
      role: "operator",
      password: "first long password",
    });
    const v0 = (await user(target.id)).sessionVersion;
    await setDisabled(database.db, target.id, true, actor());
    expect((await user(target.id)).sessionVersion).toBe(v0 + 1);
    expect(await attemptSignIn(database.db, "sessions@backoffice.test", "first long password", client)).toEqual({
      ok: false,
      reason: "invalid",
    });
    await setDisabled(database.db, target.id, false, actor());
    const oneTime = await resetPassword(database.db, target.id, actor());
    expect((await user(target.id)).sessionVersion).toBe(v0 + 3);
    await expect(changeOwnPassword(database.db, target.id, "wrong one", "brand new passphrase", actor())).rejects.toMatchObject({
      code: "bad_request:current_password",
    });
    await expect(changeOwnPassword(database.db, target.id, oneTime, "short", actor())).rejects.toMatchObject({
      code: "bad_request:password",
    });
    await expect(changeOwnPassword(database.db, target.id, oneTime, "password1234", actor())).rejects.toMatchObject({
      code: "bad_request:password",
    });
    await changeOwnPassword(database.db, target.id, oneTime, "brand new passphrase", actor());
    expect(await user(target.id)).toMatchObject({ sessionVersion: v0 + 4, mustChangePassword: false });
  });

  it("throttles an account after repeated failures, even for the right password, and says the same for unknown emails", async () => {
    await createUser(database.db, {
      email: "target@backoffice.test",
      name: "T",
      role: "viewer",
      password: "target long password",
    });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(await attemptSignIn(database.db, "target@backoffice.test", `wrong ${i}`, client)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect(await attemptSignIn(database.db, "target@backoffice.test", "target long password", client)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    // An unknown email is counted the same way: throttling tells nothing about who exists.
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      await attemptSignIn(database.db, "ghost@backoffice.test", "whatever", client);
    expect(await attemptSignIn(database.db, "ghost@backoffice.test", "whatever", client)).toMatchObject({ reason: "throttled" });
    // Another account from another address is not affected.
    expect(
      await attemptSignIn(database.db, "root@backoffice.test", "root long password", { ip: "198.51.100.1", userAgent: null }),
    ).toMatchObject({ ok: true });
  });
});

describe.each(testDatabaseKinds())("users on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("creates the demo accounts once, on an empty table, and prints their passwords only then", async () => {
    const printed: string[] = [];
    await createDemoUsersOnce(database.db, (line) => printed.push(line));
    expect(printed.join("\n")).toContain("admin@backoffice.test  password: admin-sandbox-pass");
    expect(printed).toHaveLength(DEMO_USERS.length + 2);
    expect(printed.at(-1)).toContain("npm run totp -- <email>");
    const later: string[] = [];
    await createDemoUsersOnce(database.db, (line) => later.push(line));
    expect(later).toEqual([]);
    expect(await ensureDemoUsers(database.db)).toHaveLength(0);
    const admin = await authenticateUser(database.db, "ADMIN@backoffice.test", "admin-sandbox-pass");
    expect(admin).toMatchObject({ email: "admin@backoffice.test", role: "admin" });
    // The demo admins come with their fixed second factor; the others have none.
    const factors = await database.db
      .select({ userId: userFactors.userId, confirmedAt: userFactors.confirmedAt })
      .from(userFactors);
    expect(factors).toHaveLength(2);
    expect(factors.every((f) => f.confirmedAt !== null)).toBe(true);
  });

  it("answers the same null for a wrong password, an unknown email and a disabled user", async () => {
    const user = await createUser(database.db, {
      email: "finance@example.kz",
      name: "F",
      role: "viewer",
      password: "correct horse battery",
    });
    expect(await authenticateUser(database.db, "finance@example.kz", "wrong password!!")).toBeNull();
    expect(await authenticateUser(database.db, "nobody@example.kz", "correct horse battery")).toBeNull();
    await database.db.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expect(await authenticateUser(database.db, "finance@example.kz", "correct horse battery")).toBeNull();
  });

  it("stores an argon2id hash, never the password, and audits the creation", async () => {
    const user = await createUser(database.db, {
      email: "hash@example.kz",
      name: "H",
      role: "operator",
      password: "long enough password",
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain("long enough password");
    const entries = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, String(user.id)));
    expect(entries.map((e) => e.action)).toContain("user.create");
  });

  it("refuses a duplicate email and a short password", async () => {
    await expect(
      createUser(database.db, { email: "HASH@example.kz", name: "X", role: "viewer", password: "another long one" }),
    ).rejects.toMatchObject({
      code: "conflict:user_exists",
    });
    await expect(
      createUser(database.db, { email: "short@example.kz", name: "S", role: "viewer", password: "short" }),
    ).rejects.toThrow();
  });
});

describe.each(testDatabaseKinds())("register scope of users on %s", (kind) => {
  let database: TestDatabase;
  let adminId: number;
  const ids = { kzt: 0, kgs: 0 };
  const actor = () => ({ userId: adminId, email: "scope-admin@backoffice.test" });
  const scopeOf = async (id: number) => {
    const [row] = await database.db
      .select({ scope: users.registerScope, projects: scopedProjectIds() })
      .from(users)
      .where(eq(users.id, id));
    return row!;
  };
  const register = async (name: string, projectId: string) =>
    (
      await database.db
        .insert(registers)
        .values({
          name,
          projectId,
          apiUrl: "http://highhelp.invalid",
          requestAlgorithm: "hmac",
          requestKeyEncrypted: "v1:000000000000:not-a-real-key",
          requestKeyFingerprint: "SHA256:test",
          callbackToken: `token-${projectId}`,
        })
        .returning()
    )[0]!.id;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    adminId = (
      await createUser(database.db, {
        email: "scope-admin@backoffice.test",
        name: "A",
        role: "admin",
        password: "admin long password",
      })
    ).id;
    ids.kzt = await register("Kazakhstan KZT", "project-kzt");
    ids.kgs = await register("Kyrgyzstan KGS", "project-kgs");
  });
  afterAll(async () => database?.drop());

  it("gives existing and new users every register unless chosen otherwise", async () => {
    const user = await createUser(database.db, {
      email: "all@example.kz",
      name: "All",
      role: "viewer",
      password: "a long password!",
    });
    expect(await scopeOf(user.id)).toEqual({ scope: "all", projects: [] });
  });

  it("creates a user scoped to some registers, and audits the choice by name", async () => {
    const { user } = await createUserWithOneTimePassword(
      database.db,
      { email: "kgs@example.kz", name: "KGS", role: "viewer", registerScope: "some", registerIds: [ids.kgs] },
      actor(),
    );
    expect(await scopeOf(user.id)).toEqual({ scope: "some", projects: ["project-kgs"] });
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.create"), eq(auditLog.targetId, String(user.id))));
    expect(entry?.details).toMatchObject({ registers: [{ name: "Kyrgyzstan KGS", projectId: "project-kgs" }] });
  });

  it("changes a scope (audited with before and after), and refuses none or unknown registers", async () => {
    const user = await createUser(database.db, {
      email: "move@example.kz",
      name: "M",
      role: "operator",
      password: "a long password!",
    });
    await setRegisterScope(database.db, user.id, { registerScope: "some", registerIds: [ids.kzt, ids.kgs] }, actor());
    expect((await scopeOf(user.id)).projects).toEqual(["project-kgs", "project-kzt"]);
    await setRegisterScope(database.db, user.id, { registerScope: "some", registerIds: [ids.kzt] }, actor());
    expect(await scopeOf(user.id)).toEqual({ scope: "some", projects: ["project-kzt"] });
    await expect(
      setRegisterScope(database.db, user.id, { registerScope: "some", registerIds: [] }, actor()),
    ).rejects.toMatchObject({ code: "bad_request:registers" });
    await expect(
      setRegisterScope(database.db, user.id, { registerScope: "some", registerIds: [999_999] }, actor()),
    ).rejects.toMatchObject({ code: "bad_request:registers" });
    expect(await scopeOf(user.id)).toEqual({ scope: "some", projects: ["project-kzt"] });
    await setRegisterScope(database.db, user.id, { registerScope: "all", registerIds: [ids.kgs] }, actor());
    expect(await scopeOf(user.id)).toEqual({ scope: "all", projects: [] });
    const entries = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.register_scope"), eq(auditLog.targetId, String(user.id))))
      .orderBy(auditLog.id);
    expect(entries.map((e) => e.details)).toEqual([
      {
        email: "move@example.kz",
        from: "all",
        to: [
          { name: "Kazakhstan KZT", projectId: "project-kzt" },
          { name: "Kyrgyzstan KGS", projectId: "project-kgs" },
        ],
      },
      {
        email: "move@example.kz",
        from: [
          { name: "Kazakhstan KZT", projectId: "project-kzt" },
          { name: "Kyrgyzstan KGS", projectId: "project-kgs" },
        ],
        to: [{ name: "Kazakhstan KZT", projectId: "project-kzt" }],
      },
      { email: "move@example.kz", from: [{ name: "Kazakhstan KZT", projectId: "project-kzt" }], to: "all" },
    ]);
  });

  it("keeps admins on every register: not scoped at creation, refused later, widened when made admin", async () => {
    const admin = await createUser(database.db, {
      email: "admin2@example.kz",
      name: "A2",
      role: "admin",
      password: "a long password!",
      registerScope: "some",
      registerIds: [ids.kgs],
    });
    expect(await scopeOf(admin.id)).toEqual({ scope: "all", projects: [] });
    await expect(
      setRegisterScope(database.db, admin.id, { registerScope: "some", registerIds: [ids.kgs] }, actor()),
    ).rejects.toMatchObject({ code: "conflict:admin_scope" });
    const user = await createUser(database.db, {
      email: "promoted@example.kz",
      name: "P",
      role: "operator",
      password: "a long password!",
      registerScope: "some",
      registerIds: [ids.kgs],
    });
    await changeRole(database.db, user.id, "admin", actor());
    // Admin rights wait for a second admin: until then the operator keeps their registers.
    expect(await scopeOf(user.id)).toEqual({ scope: "some", projects: ["project-kgs"] });
    await confirmAdmin(database.db, user.id, { userId: admin.id, email: admin.email });
    expect(await scopeOf(user.id)).toEqual({ scope: "all", projects: [] });
    await changeRole(database.db, user.id, "operator", actor());
    expect(await scopeOf(user.id)).toEqual({ scope: "all", projects: [] });
  });

  it("drops a deleted register from every scope, which then holds nothing (not everything)", async () => {
    const extra = await register("Uzbekistan UZS", "project-uzs");
    const user = await createUser(database.db, {
      email: "uzs@example.kz",
      name: "U",
      role: "viewer",
      password: "a long password!",
      registerScope: "some",
      registerIds: [extra],
    });
    await database.db.delete(registers).where(eq(registers.id, extra));
    expect(await scopeOf(user.id)).toEqual({ scope: "some", projects: [] });
  });
});

describe.each(testDatabaseKinds())("demo accounts from two instances starting at once on %s", (kind) => {
  let database: TestDatabase;
  let second: DatabaseHandle | null = null;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    // On PostgreSQL the second instance has its own pool, as another process would.
    if (database.url) second = await openDatabase({ kind: "postgres", url: database.url, max: 5 });
  });
  afterAll(async () => {
    await second?.close();
    await database?.drop();
  });

  it("creates each account once and both starts succeed", async () => {
    const printed: string[] = [];
    const other = second?.db ?? database.db;
    await Promise.all([
      createDemoUsersOnce(database.db, (line) => printed.push(line)),
      createDemoUsersOnce(other, (line) => printed.push(line)),
    ]);
    expect(printed).toHaveLength(DEMO_USERS.length + 2);
    const rows = await database.db.select({ email: users.email }).from(users);
    expect(rows.map((r) => r.email).sort()).toEqual(DEMO_USERS.map((d) => d.email).sort());
    expect(await database.db.select().from(userFactors)).toHaveLength(2);
  });
});
