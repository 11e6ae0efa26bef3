import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/drizzle/schema";
import { attemptSignIn, MAX_FAILURES_PER_ACCOUNT } from "./sign-in";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { changeOwnPassword, changeRole, createUserWithOneTimePassword, resetPassword, setDisabled } from "./user-admin";
import { createUser } from "./users";

const client = { ip: "203.0.113.7", userAgent: "vitest" };

describe.each(testDatabaseKinds())("accounts and sign-in protection on %s", (kind) => {
  let database: TestDatabase;
  let adminId: number;
  const actor = () => ({ userId: adminId, email: "root@backoffice.test" });
  const user = async (id: number) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    adminId = (await createUser(database.db, { email: "root@backoffice.test", name: "Root", role: "admin", password: "root long password" })).id;
  });
  afterAll(async () => database?.drop());

  it("creates a user with a one-time password that must be changed, and signs in with it", async () => {
    const { user: created, password } = await createUserWithOneTimePassword(database.db, { email: "new@backoffice.test", name: "New", role: "viewer" }, actor());
    expect(password).toHaveLength(20);
    expect((await user(created.id)).mustChangePassword).toBe(true);
    expect(await attemptSignIn(database.db, "NEW@backoffice.test", password, client)).toMatchObject({ ok: true });
    await expect(createUserWithOneTimePassword(database.db, { email: "new@backoffice.test", name: "Again", role: "viewer" }, actor())).rejects.toMatchObject({
      code: "conflict:user_exists",
    });
  });

  it("never removes the last enabled admin, by demotion or by disabling", async () => {
    await expect(changeRole(database.db, adminId, "operator", actor())).rejects.toMatchObject({ code: "conflict:last_admin" });
    const second = await createUser(database.db, { email: "second@backoffice.test", name: "Second", role: "admin", password: "second long password" });
    await expect(setDisabled(database.db, adminId, true, actor())).rejects.toMatchObject({ code: "conflict:self" });
    await setDisabled(database.db, second.id, true, actor());
    await expect(changeRole(database.db, adminId, "viewer", actor())).rejects.toMatchObject({ code: "conflict:last_admin" });
    await setDisabled(database.db, second.id, false, actor());
    await changeRole(database.db, second.id, "operator", actor());
    expect((await user(second.id)).role).toBe("operator");
    expect((await user(adminId)).role).toBe("admin");
  });

  it("ends every session of a user who is disabled, reset, or changes their password", async () => {
    const target = await createUser(database.db, { email: "sessions@backoffice.test", name: "S", role: "operator", password: "first long password" });
    const v0 = (await user(target.id)).sessionVersion;
    await setDisabled(database.db, target.id, true, actor());
    expect((await user(target.id)).sessionVersion).toBe(v0 + 1);
    expect(await attemptSignIn(database.db, "sessions@backoffice.test", "first long password", client)).toEqual({ ok: false, reason: "invalid" });
    await setDisabled(database.db, target.id, false, actor());
    const oneTime = await resetPassword(database.db, target.id, actor());
    expect((await user(target.id)).sessionVersion).toBe(v0 + 3);
    await expect(changeOwnPassword(database.db, target.id, "wrong one", "brand new passphrase", actor())).rejects.toMatchObject({ code: "bad_request:current_password" });
    await expect(changeOwnPassword(database.db, target.id, oneTime, "short", actor())).rejects.toMatchObject({ code: "bad_request:password" });
    await expect(changeOwnPassword(database.db, target.id, oneTime, "password1234", actor())).rejects.toMatchObject({ code: "bad_request:password" });
    await changeOwnPassword(database.db, target.id, oneTime, "brand new passphrase", actor());
    expect(await user(target.id)).toMatchObject({ sessionVersion: v0 + 4, mustChangePassword: false });
  });

  it("throttles an account after repeated failures, even for the right password, and says the same for unknown emails", async () => {
    await createUser(database.db, { email: "target@backoffice.test", name: "T", role: "viewer", password: "target long password" });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(await attemptSignIn(database.db, "target@backoffice.test", `wrong ${i}`, client)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await attemptSignIn(database.db, "target@backoffice.test", "target long password", client)).toMatchObject({ ok: false, reason: "throttled" });
    // An unknown email is counted the same way: throttling tells nothing about who exists.
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await attemptSignIn(database.db, "ghost@backoffice.test", "whatever", client);
    expect(await attemptSignIn(database.db, "ghost@backoffice.test", "whatever", client)).toMatchObject({ reason: "throttled" });
    // Another account from another address is not affected.
    expect(await attemptSignIn(database.db, "root@backoffice.test", "root long password", { ip: "198.51.100.1", userAgent: null })).toMatchObject({ ok: true });
  });
});
