import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountInterventions, auditLog, users, type User } from "@/drizzle/schema";
import {
  changeRole,
  confirmAdmin,
  createUser,
  createUserWithOneTimePassword,
  resetPassword,
  setDisabled,
} from "@/lib/accounts/commands";
import { authenticateUser } from "@/lib/accounts/queries";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { attemptSignIn } from "@/lib/accounts/sign-in";
import type { AuditActor } from "@/lib/audit/commands";
import { DEFAULT_SIGNATURE_PROFILE, type HighHelpClient } from "@/lib/highhelp";
import { translateText } from "@/lib/i18n/translate";
import type { Gateway } from "@/lib/server/gateway";
import { newPaymentId } from "@/lib/server/ids";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { approvePayout, createPayout, type PayoutRequest } from "./submit-payout";

/*
 * Four eyes that hold: an admin who makes an admin account (and so knows its one-time password) cannot use it
 * to approve their own payouts, nor to confirm another admin of theirs. The attack, step by step, and the
 * other ways an admin can come to know or hand out an account: a password reset, a role change, re-enabling.
 */

const CARD = "4400430123456789";
const client = { ip: "203.0.113.8", userAgent: "vitest" };

/** A refusal's code and its message in English words (refusals carry message keys). */
function inEnglish(operation: Promise<unknown>): Promise<unknown> {
  return operation.then(
    () => Promise.reject(new Error("expected a refusal")),
    (error: { code?: string; message: string }) =>
      Promise.reject({ code: error.code, message: translateText("en", error.message) }),
  );
}

function fakeGateway() {
  const creates: string[] = [];
  const client = {
    async p2pPayoutCreate(body: { general: { payment_id: string } }) {
      creates.push(body.general.payment_id);
      return { ok: true, httpStatus: 200, data: { status: "processing", sub_status: "new", request_id: "req-1" } };
    },
  } as unknown as HighHelpClient;
  const gateway: Gateway = {
    registerId: 1,
    name: "Test register",
    projectId: "project-four-eyes",
    apiUrl: "http://highhelp.invalid",
    sandbox: true,
    status: "active",
    currencies: [],
    methods: [],
    client,
    alertKeys: [],
    profile: DEFAULT_SIGNATURE_PROFILE,
    callbackUrls: {
      merchant_callback_url: "https://app.test/cb/intermediate",
      merchant_success_callback_url: "https://app.test/cb/success",
      merchant_decline_callback_url: "https://app.test/cb/decline",
    },
  };
  return { gateway, creates };
}

describe.each(testDatabaseKinds())("four eyes that hold on %s", (kind) => {
  let database: TestDatabase;
  const fake = fakeGateway();
  const as = (user: Pick<User, "id" | "email">): AuditActor => ({ userId: user.id, email: user.email });
  /** An admin made from the command line: no creating admin, active at once. */
  const rootAdmin = (email: string) =>
    createUser(
      database.db,
      { email, name: email, role: "admin", password: "a long root password" },
      { userId: null, email: "cli" },
    );
  const fresh = async (id: number) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!;
  // KZT: approval needed above 500 000.00.
  const largePayout = (): PayoutRequest => ({
    paymentId: newPaymentId("PO"),
    method: "card-p2p",
    pan: CARD,
    cardHolder: "IVAN IVANOV",
    amount: 60_000_000,
    currency: "KZT",
  });
  const placeLarge = async (creator: AuditActor) => {
    const created = await createPayout(database.db, fake.gateway, largePayout(), creator, ALL_PROJECTS);
    expect(created.outcome).toBe("awaiting_approval");
    return created.application!.id;
  };
  const approve = (id: number, approver: AuditActor) =>
    approvePayout(database.db, fake.gateway, id, CARD, approver, ALL_PROJECTS);
  const audited = async (action: string, targetId: string) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));

  let a: User;
  let c: User;
  let independent: User;
  let b: User;
  let bPassword: string;
  let payoutId: number;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    a = await rootAdmin("a@backoffice.test");
    c = await rootAdmin("c@backoffice.test");
    independent = await rootAdmin("independent@backoffice.test");
  });
  afterAll(async () => database?.drop());

  it("1. A creates B as admin: B is not an admin yet and cannot sign in", async () => {
    ({ user: b, password: bPassword } = await createUserWithOneTimePassword(
      database.db,
      { email: "b@backoffice.test", name: "B", role: "admin" },
      as(a),
    ));
    expect(await fresh(b.id)).toMatchObject({
      role: "viewer",
      pendingRole: "admin",
      pendingRoleBy: a.id,
      activationPending: true,
    });
    expect(await authenticateUser(database.db, b.email, bPassword)).toBeNull();
    expect(await attemptSignIn(database.db, b.email, bPassword, client)).toMatchObject({ ok: false });
    const interventions = await database.db.select().from(accountInterventions).where(eq(accountInterventions.userId, b.id));
    expect(interventions).toMatchObject([{ byUserId: a.id, kind: "create" }]);
    const [created] = await audited("user.create", String(b.id));
    expect(created?.details).toMatchObject({ role: "admin", awaitingConfirmation: true });
  });

  it("2. A cannot confirm B: refused on the server and audited", async () => {
    await expect(inEnglish(confirmAdmin(database.db, b.id, as(a)))).rejects.toMatchObject({
      code: "forbidden:four_eyes",
      message: "You asked for these admin rights: another admin must confirm them.",
    });
    expect(await fresh(b.id)).toMatchObject({ role: "viewer", activationPending: true });
    expect(await audited("user.admin_confirm_refused", String(b.id))).toHaveLength(1);
  });

  it("3. C confirms B: B is an admin and signs in", async () => {
    await confirmAdmin(database.db, b.id, as(c));
    expect(await fresh(b.id)).toMatchObject({ role: "admin", pendingRole: null, pendingRoleBy: null, activationPending: false });
    expect(await attemptSignIn(database.db, b.email, bPassword, client)).toMatchObject({ ok: true });
    const [confirmed] = await audited("user.admin_confirm", String(b.id));
    expect(confirmed).toMatchObject({ actorUserId: c.id, details: { requestedBy: a.id, newAccount: true } });
  });

  it("4. A creates a payout above the threshold; B's approval is refused (A created B), audited, nothing sent", async () => {
    payoutId = await placeLarge(as(a));
    await expect(inEnglish(approve(payoutId, as(b)))).rejects.toMatchObject({
      code: "forbidden:four_eyes",
      message:
        "This payout's creator created your account, so they may be able to sign in as you: an admin independent of them must approve it.",
    });
    expect(fake.creates).toHaveLength(0);
    const refusals = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "payout.approve_refused"), eq(auditLog.applicationId, payoutId)));
    expect(refusals).toMatchObject([{ actorUserId: b.id, details: { reason: "approver not independent of creator" } }]);
  });

  it("5. A resets the password of an existing admin D: D can no longer approve A's payouts", async () => {
    const d = await rootAdmin("d@backoffice.test");
    const before = await placeLarge(as(a));
    await resetPassword(database.db, d.id, as(a));
    await expect(inEnglish(approve(before, as(d)))).rejects.toMatchObject({
      code: "forbidden:four_eyes",
      message: expect.stringContaining("reset the password of your account"),
    });
  });

  it("6. A makes an operator admin (C confirms): A changed its role, so it cannot approve A's payouts", async () => {
    const e = await createUser(database.db, {
      email: "e@backoffice.test",
      name: "E",
      role: "operator",
      password: "e long password",
    });
    await changeRole(database.db, e.id, "admin", as(a));
    expect(await fresh(e.id)).toMatchObject({ role: "operator", pendingRole: "admin", activationPending: false });
    // A promoted user keeps their previous role and can still sign in with it.
    expect(await authenticateUser(database.db, e.email, "e long password")).toMatchObject({ role: "operator" });
    await confirmAdmin(database.db, e.id, as(c));
    expect(await fresh(e.id)).toMatchObject({ role: "admin", pendingRole: null });
    await expect(inEnglish(approve(await placeLarge(as(a)), as(e)))).rejects.toMatchObject({
      message: expect.stringContaining("changed the role of your account"),
    });
  });

  it("7. A re-enables a disabled admin: it cannot approve A's payouts", async () => {
    const g = await rootAdmin("g@backoffice.test");
    await setDisabled(database.db, g.id, true, as(c));
    await setDisabled(database.db, g.id, false, as(a));
    await expect(inEnglish(approve(await placeLarge(as(a)), as(g)))).rejects.toMatchObject({
      message: expect.stringContaining("re-enabled your account"),
    });
  });

  it("8. through a chain and the other way round: an admin B made, a payout B made, B confirming A's admin", async () => {
    // B (A's account) creates H; an independent admin confirms it. H is still A's, through B.
    const { user: h } = await createUserWithOneTimePassword(
      database.db,
      { email: "h@backoffice.test", name: "H", role: "admin" },
      as(b),
    );
    await confirmAdmin(database.db, h.id, as(independent));
    await expect(inEnglish(approve(await placeLarge(as(a)), as(h)))).rejects.toMatchObject({
      message: expect.stringContaining("an account that led to your account"),
    });
    // A payout made by B (signed in by A) is not approved by A either.
    await expect(inEnglish(approve(await placeLarge(as(b)), as(a)))).rejects.toMatchObject({
      message: expect.stringContaining("You created the account of this payout's creator"),
    });
    // A asks for another admin; B (A's account) cannot be the second admin who confirms it.
    const { user: j } = await createUserWithOneTimePassword(
      database.db,
      { email: "j@backoffice.test", name: "J", role: "admin" },
      as(a),
    );
    await expect(confirmAdmin(database.db, j.id, as(b))).rejects.toMatchObject({ code: "forbidden:four_eyes" });
    expect(await fresh(j.id)).toMatchObject({ activationPending: true });
  });

  it("9. an independent admin approves A's payout: it is sent", async () => {
    const result = await approve(payoutId, as(independent));
    expect(result.outcome).toBe("sent");
    expect(fake.creates).toHaveLength(1);
  });

  it("10. a role other than admin applies at once and drops a pending admin request", async () => {
    const { user: k, password } = await createUserWithOneTimePassword(
      database.db,
      { email: "k@backoffice.test", name: "K", role: "admin" },
      as(a),
    );
    await changeRole(database.db, k.id, "viewer", as(a));
    expect(await fresh(k.id)).toMatchObject({ role: "viewer", pendingRole: null, activationPending: false });
    expect(await authenticateUser(database.db, k.email, password)).toMatchObject({ role: "viewer" });
    await expect(inEnglish(confirmAdmin(database.db, k.id, as(c)))).rejects.toMatchObject({ code: "conflict:not_pending" });
  });
});
