import crypto from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, auditLog, callbackDeliveries, statusEvents } from "@/drizzle/schema";
import { createUser } from "@/lib/accounts/commands";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { DEFAULT_SIGNATURE_PROFILE, prepareVerificationKey, signAlert } from "@/lib/highhelp";
import { AppError } from "@/lib/server/errors";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { payinAlertBody } from "@/test/highhelp/samples";
import { reapplyDelivery } from "./log-commands";
import { callbackEntryDetail, queryCallbackLog } from "./log-queries";
import { DEFAULT_CALLBACK_LOG_STATE, type CallbackLogState } from "./log-url-state";
import { QuarantineGate } from "./quarantine";
import { handleCallbackRequest, type CallbackContext } from "./receive-callback";

// Its last groups read like a 14-digit run: the detail must still show it whole.
const PROJECT_A = "5a4db0c5-7e57-4b0c-8a11-000000000001";
const PROJECT_B = "22222222-bbbb-4bbb-8bbb-222222222222";
const alertPair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const strangerPair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const CARD = "4111111111111111";

describe.each(testDatabaseKinds())("callback log on %s", (kind) => {
  let database: TestDatabase;
  let actor: { userId: number; email: string };
  const contexts: Record<string, CallbackContext> = {};

  async function deliver(projectId: string, body: Record<string, unknown>, key = alertPair.privateKey) {
    const { headers } = signAlert({
      body,
      timestamp: Math.floor(Date.now() / 1000),
      key: { kind: "rsa", privateKey: key },
      merchantId: projectId,
    });
    const request = new Request("http://app.test/api/highhelp/callback/intermediate", {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    return (await handleCallbackRequest(contexts[projectId]!, request, ["intermediate"])).status;
  }

  async function deliveryOf(paymentId: string) {
    const [row] = await database.db.select().from(callbackDeliveries).where(eq(callbackDeliveries.paymentId, paymentId));
    return row!;
  }

  const state = (patch: Partial<CallbackLogState> = {}): CallbackLogState => ({ ...DEFAULT_CALLBACK_LOG_STATE, ...patch });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const quarantine = new QuarantineGate({ perMinute: 1000, perDay: 1000 });
    for (const projectId of [PROJECT_A, PROJECT_B]) {
      contexts[projectId] = {
        db: database.db,
        projectId,
        alertKeys: [prepareVerificationKey({ kind: "rsa", publicKey: alertPair.publicKey })],
        profile: DEFAULT_SIGNATURE_PROFILE,
        quarantine,
      };
    }
    const admin = await createUser(database.db, {
      email: "log-admin@example.kz",
      name: "Log Admin",
      role: "admin",
      password: "log admin long password",
    });
    actor = { userId: admin.id, email: admin.email };
    const withCard = { ...payinAlertBody(PROJECT_A, "LOG-A1"), recipient_requisites: { card_number: CARD } };
    expect(await deliver(PROJECT_A, withCard)).toBe(200);
    expect(await deliver(PROJECT_A, payinAlertBody(PROJECT_A, "LOG-A2"))).toBe(200);
    expect(await deliver(PROJECT_A, payinAlertBody(PROJECT_A, "LOG-A2", "success", null))).toBe(200);
    expect(await deliver(PROJECT_B, payinAlertBody(PROJECT_B, "LOG-B1"))).toBe(200);
    // Refused: a key the register does not know.
    expect(await deliver(PROJECT_A, payinAlertBody(PROJECT_A, "LOG-BAD"), strangerPair.privateKey)).toBe(401);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("re-applying a delivery that already happened changes nothing, says so, and is audited once per request", async () => {
    const delivery = await deliveryOf("LOG-A1");
    const [before] = await database.db.select().from(applications).where(eq(applications.paymentId, "LOG-A1"));
    const [{ n: eventsBefore }] = (await database.db.select({ n: count() }).from(statusEvents)) as [{ n: number }];
    const [{ n: deliveriesBefore }] = (await database.db.select({ n: count() }).from(callbackDeliveries)) as [{ n: number }];

    for (let request = 1; request <= 2; request++) {
      const result = await reapplyDelivery(database.db, delivery.id, actor, ALL_PROJECTS);
      expect(result).toMatchObject({ outcome: "duplicate", applicationId: before!.id, message: "callbackLog.reapply.noChange" });
      const audits = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "callback.reapply"), eq(auditLog.applicationId, before!.id)));
      expect(audits).toHaveLength(request);
      expect(audits[0]).toMatchObject({ actorUserId: actor.userId, targetId: "LOG-A1" });
      expect(audits[0]!.details).toMatchObject({ delivery: delivery.id, outcome: "duplicate" });
    }

    const [after] = await database.db.select().from(applications).where(eq(applications.paymentId, "LOG-A1"));
    expect(after).toMatchObject({ status: before!.status, subStatus: before!.subStatus });
    const [{ n: eventsAfter }] = (await database.db.select({ n: count() }).from(statusEvents)) as [{ n: number }];
    const [{ n: deliveriesAfter }] = (await database.db.select({ n: count() }).from(callbackDeliveries)) as [{ n: number }];
    expect(eventsAfter).toBe(eventsBefore);
    expect(deliveriesAfter).toBe(deliveriesBefore);
  });

  it("re-applying an earlier delivery of an application that moved on keeps its final status", async () => {
    const [first] = await database.db
      .select()
      .from(callbackDeliveries)
      .where(and(eq(callbackDeliveries.paymentId, "LOG-A2"), eq(callbackDeliveries.outcome, "applied")))
      .orderBy(callbackDeliveries.id)
      .limit(1);
    const result = await reapplyDelivery(database.db, first!.id, actor, ALL_PROJECTS);
    expect(result.outcome).toBe("duplicate");
    const [app] = await database.db.select().from(applications).where(eq(applications.paymentId, "LOG-A2"));
    expect(app!.status).toBe("success");
  });

  it("refuses to re-apply a delivery whose signature did not verify, and audits the refusal", async () => {
    const [app] = await database.db.select().from(applications).where(eq(applications.paymentId, "LOG-A1"));
    const [unverified] = await database.db
      .insert(callbackDeliveries)
      .values({
        rawBody: JSON.stringify(payinAlertBody(PROJECT_A, "LOG-A1", "success", null)),
        signatureVerified: false,
        projectId: PROJECT_A,
        paymentId: "LOG-A1",
        applicationId: app!.id,
        outcome: "rejected_signature",
      })
      .returning();
    const [{ n: eventsBefore }] = (await database.db.select({ n: count() }).from(statusEvents)) as [{ n: number }];
    const refusal = await reapplyDelivery(database.db, unverified!.id, actor, ALL_PROJECTS).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe("conflict:callback_unverified");
    const [still] = await database.db.select().from(applications).where(eq(applications.id, app!.id));
    expect(still!.status).toBe(app!.status);
    const [{ n: eventsAfter }] = (await database.db.select({ n: count() }).from(statusEvents)) as [{ n: number }];
    expect(eventsAfter).toBe(eventsBefore);
    const refused = await database.db.select().from(auditLog).where(eq(auditLog.action, "callback.reapply.refused"));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.details).toMatchObject({ delivery: unverified!.id, reason: "unverified" });
  });

  it("shows register-scoped users only their registers' deliveries, never refused ones", async () => {
    const all = await queryCallbackLog(database.db, state(), ALL_PROJECTS);
    expect(all.rows.some((r) => r.source === "q")).toBe(true);
    expect(new Set(all.rows.filter((r) => r.source === "d").map((r) => r.projectId))).toEqual(new Set([PROJECT_A, PROJECT_B]));

    const scoped = await queryCallbackLog(database.db, state(), [PROJECT_B]);
    expect(scoped.rows.length).toBeGreaterThan(0);
    expect(scoped.rows.every((r) => r.source === "d" && r.projectId === PROJECT_B)).toBe(true);
    expect((await queryCallbackLog(database.db, state({ outcome: "refused" }), [PROJECT_B])).rows).toEqual([]);
    expect((await queryCallbackLog(database.db, state({ register: PROJECT_A }), [PROJECT_B])).rows).toEqual([]);

    const other = await deliveryOf("LOG-A1");
    expect(await callbackEntryDetail(database.db, "d", other.id, [PROJECT_B])).toBeNull();
    const refusedRow = all.rows.find((r) => r.source === "q")!;
    expect(await callbackEntryDetail(database.db, "q", refusedRow.id, [PROJECT_B])).toBeNull();
    const outside = await reapplyDelivery(database.db, other.id, actor, [PROJECT_B]).catch((e: unknown) => e);
    expect((outside as AppError).code).toBe("not_found:callback_delivery");
  });

  it("filters by outcome, register and payment id, and pages every entry exactly once", async () => {
    const everything = (await queryCallbackLog(database.db, state(), ALL_PROJECTS, 1000)).rows;
    const seen: string[] = [];
    let cursor = null as CallbackLogState["after"];
    for (let i = 0; i < 100; i++) {
      const page = await queryCallbackLog(database.db, state({ after: cursor }), ALL_PROJECTS, 2);
      seen.push(...page.rows.map((r) => `${r.source}${r.id}`));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(everything.map((r) => `${r.source}${r.id}`));

    const refused = (await queryCallbackLog(database.db, state({ outcome: "refused" }), ALL_PROJECTS)).rows;
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.source === "q" && r.outcome === "refused")).toBe(true);
    const byPayment = (await queryCallbackLog(database.db, state({ payment: "LOG-A2" }), ALL_PROJECTS)).rows;
    expect(byPayment.map((r) => r.paymentId)).toEqual(["LOG-A2", "LOG-A2"]);
    const byRegister = (await queryCallbackLog(database.db, state({ register: PROJECT_B }), ALL_PROJECTS)).rows;
    expect(byRegister.map((r) => r.paymentId)).toEqual(["LOG-B1"]);
    const applied = (await queryCallbackLog(database.db, state({ outcome: "applied" }), ALL_PROJECTS)).rows;
    expect(applied.every((r) => r.outcome === "applied")).toBe(true);
    const future = (await queryCallbackLog(database.db, state({ from: "2099-01-01" }), ALL_PROJECTS)).rows;
    expect(future).toEqual([]);
  });

  it("shows a delivery's headers and body with card numbers masked, never the signature, and the events it produced", async () => {
    const delivery = await deliveryOf("LOG-A1");
    const detail = (await callbackEntryDetail(database.db, "d", delivery.id, ALL_PROJECTS))!;
    expect(detail.body).not.toContain(CARD);
    expect(detail.body).toContain("411111******1111");
    expect(detail.body).toContain(`"project_id": "${PROJECT_A}"`);
    expect(detail.headers["x-access-merchant-id"]).toBe(PROJECT_A);
    expect(JSON.stringify(detail.headers)).not.toContain(delivery.signatureHeader!);
    expect(Object.keys(detail.headers).some((name) => /signature/i.test(name))).toBe(false);
    expect(detail.signed).toBe(true);
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toMatchObject({ status: "processing", applied: true });
    expect(detail.application).toMatchObject({ paymentId: "LOG-A1" });
  });
});
