import { vi } from "vitest";

// The organisation in Almaty (UTC+5) for this file; env is read at first import, hence hoisted.
vi.hoisted(() => {
  process.env.DEFAULT_TIME_ZONE = "Asia/Almaty";
});

import crypto from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { applications, auditLog } from "@/drizzle/schema";
import { ABSENCE_PROOF_SECONDS } from "@/lib/applications/submission";
import { newPaymentId } from "@/lib/server/ids";
import type { AuditActor } from "@/lib/audit/commands";
import { awayFromDayEnd } from "@/test/clock";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { AppError } from "@/lib/server/errors";
import type { Gateway } from "@/lib/server/gateway";
import { DEFAULT_SIGNATURE_PROFILE, type HighHelpClient, type HighHelpResult, type PaymentResponse } from "@/lib/highhelp";
import { pollApplication } from "@/lib/reconcile/reconcile";
import { createUser } from "@/lib/accounts/commands";
import { getAuthSecret } from "@/lib/server/auth-secret";
import { fingerprintKeys } from "./card-fingerprint";
import { translateText } from "@/lib/i18n/translate";
import {
  approvePayout,
  createPayout,
  payoutsToday,
  rejectPayout,
  resendPayout,
  reviewPayout,
  type PayoutRequest,
} from "./submit-payout";

/*
 * At most once, four eyes, limits and the lost-answer path of manual payouts, against a fake
 * HighHelp that counts creates (the e2e specs run the same against the sandbox).
 */

const CARD = "4400430123456789"; // passes Luhn

/** A fingerprint as made before keys had ids: keyed from AUTH_SECRET. */
const legacyFingerprint = (digits: string) =>
  crypto
    .createHmac(
      "sha256",
      Buffer.from(crypto.hkdfSync("sha256", getAuthSecret(), Buffer.alloc(0), "backoffice:payout-card-fingerprint", 32)),
    )
    .update(digits)
    .digest("base64url");
const OTHER_CARD = "4111111111111111";

type Answer = () => HighHelpResult<PaymentResponse>;
const accepted: Answer = () => ({
  ok: true,
  httpStatus: 200,
  data: { status: "processing", sub_status: "new", request_id: "req-1" },
});
const lost: Answer = () => ({
  ok: false,
  error: { kind: "timeout", endpoint: "p2pPayoutCreate", timeoutMs: 15_000, attempts: 1 },
});
const notFound: Answer = () => ({
  ok: false,
  error: {
    kind: "http_4xx",
    endpoint: "p2pPayoutInfo",
    status: 404,
    bodyText: "{}",
    bodyJson: {},
    description: "not found",
    attempts: 1,
  },
});

function fakeGateway() {
  const creates: { paymentId: string; pan: string | undefined }[] = [];
  const behaviour = { create: accepted, info: notFound, createDelayMs: 20 };
  const client = {
    async p2pPayoutCreate(body: { general: { payment_id: string }; receiver: { pan?: string } }) {
      creates.push({ paymentId: body.general.payment_id, pan: body.receiver.pan });
      await new Promise((resolve) => setTimeout(resolve, behaviour.createDelayMs));
      return behaviour.create();
    },
    async p2pPayoutInfo() {
      return behaviour.info();
    },
  } as unknown as HighHelpClient;
  const gateway: Gateway = {
    registerId: 1,
    name: "Test register",
    projectId: "project-test",
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
  return { gateway, creates, behaviour };
}

describe.each(testDatabaseKinds())("manual payouts on %s", (kind) => {
  let database: TestDatabase;
  let creator: AuditActor;
  let approver: AuditActor;
  let fake: ReturnType<typeof fakeGateway>;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const a = await createUser(database.db, {
      email: "creator@backoffice.test",
      name: "Creator",
      role: "admin",
      password: "creator-password-1",
    });
    const b = await createUser(database.db, {
      email: "approver@backoffice.test",
      name: "Approver",
      role: "admin",
      password: "approver-password-1",
    });
    creator = { userId: a.id, email: a.email };
    approver = { userId: b.id, email: b.email };
  });
  afterAll(async () => database?.drop());
  beforeEach(() => {
    fake = fakeGateway();
  });

  // KZT defaults: approval above 500 000.00, at most 5 000 000.00 per payout, 20 000 000.00 a day.
  const card = (amount: number, currency = "KZT"): PayoutRequest => ({
    paymentId: newPaymentId("PO"),
    method: "card-p2p",
    pan: CARD,
    cardHolder: "IVAN IVANOV",
    amount,
    currency,
    description: "refund",
  });
  const row = async (paymentId: string) =>
    (await database.db.select().from(applications).where(eq(applications.paymentId, paymentId)))[0];

  it("sends a payout once when the same form is submitted twice at the same time", async () => {
    const request = card(1_500_000);
    const [first, second] = await Promise.all([
      createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS),
      createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS),
    ]);
    expect([first.outcome, second.outcome].sort()).toEqual(["already_submitted", "sent"]);
    expect(fake.creates).toEqual([{ paymentId: request.paymentId, pan: CARD }]);
    const again = await createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS);
    expect(again.outcome).toBe("already_submitted");
    expect(fake.creates).toHaveLength(1);
  });

  it("keeps only the masked card: no column holds the full number", async () => {
    const request = card(2_000_000);
    await createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS);
    const saved = await row(request.paymentId);
    expect(saved?.receiverPanMasked).toBe("440043******6789");
    expect(JSON.stringify(saved)).not.toContain(CARD);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, request.paymentId));
    expect(JSON.stringify(audit)).not.toContain(CARD);
  });

  it("holds a large payout for a second admin; the creator cannot approve it", async () => {
    const request = card(60_000_000); // 600 000.00 KZT
    const created = await createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS);
    expect(created.outcome).toBe("awaiting_approval");
    expect(fake.creates).toHaveLength(0);
    const id = created.application!.id;

    await expect(approvePayout(database.db, fake.gateway, id, CARD, creator, ALL_PROJECTS)).rejects.toMatchObject({
      code: "forbidden:four_eyes",
    });
    await expect(approvePayout(database.db, fake.gateway, id, OTHER_CARD, approver, ALL_PROJECTS)).rejects.toMatchObject({
      code: "bad_request:pan",
    });
    expect(fake.creates).toHaveLength(0);

    const approved = await approvePayout(database.db, fake.gateway, id, CARD, approver, ALL_PROJECTS);
    expect(approved.outcome).toBe("sent");
    expect(fake.creates).toEqual([{ paymentId: request.paymentId, pan: CARD }]);
    expect(await row(request.paymentId)).toMatchObject({ approvedBy: approver.userId, submission: "sent", status: "processing" });
    await expect(approvePayout(database.db, fake.gateway, id, CARD, approver, ALL_PROJECTS)).rejects.toBeInstanceOf(AppError);
    expect(fake.creates).toHaveLength(1);

    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.applicationId, id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["payout.create", "payout.approve_refused", "payout.approve", "payout.sent"]));
  });

  it("stores the fingerprint's key id; a pending payout still verifies after a rotation, or says its key is gone", async () => {
    const created = await createPayout(database.db, fake.gateway, card(61_000_000), creator, ALL_PROJECTS);
    const id = created.application!.id;
    const saved = (await row(created.application!.paymentId))!;
    expect(saved.receiverPanFingerprintKeyId).toBe(fingerprintKeys().current.id);

    // The key it was made with is no longer configured: the card cannot be checked, nothing is sent.
    await database.db.update(applications).set({ receiverPanFingerprintKeyId: "retired-key" }).where(eq(applications.id, id));
    await expect(approvePayout(database.db, fake.gateway, id, CARD, approver, ALL_PROJECTS)).rejects.toMatchObject({
      code: "conflict:fingerprint_key",
    });
    // Made before keys had ids (from AUTH_SECRET): still verified.
    const legacy = legacyFingerprint(CARD);
    await database.db
      .update(applications)
      .set({ receiverPanFingerprint: legacy, receiverPanFingerprintKeyId: null })
      .where(eq(applications.id, id));
    await expect(approvePayout(database.db, fake.gateway, id, OTHER_CARD, approver, ALL_PROJECTS)).rejects.toMatchObject({
      code: "bad_request:pan",
    });
    expect((await approvePayout(database.db, fake.gateway, id, CARD, approver, ALL_PROJECTS)).outcome).toBe("sent");
  });

  it("never sends a rejected payout", async () => {
    const created = await createPayout(database.db, fake.gateway, card(70_000_000), creator, ALL_PROJECTS);
    await rejectPayout(database.db, created.application!.id, "customer withdrew the request", approver, ALL_PROJECTS);
    await expect(
      approvePayout(database.db, fake.gateway, created.application!.id, CARD, approver, ALL_PROJECTS),
    ).rejects.toMatchObject({
      code: "conflict:payout_state",
    });
    expect(fake.creates).toHaveLength(0);
    expect(await row(created.application!.paymentId)).toMatchObject({ submission: "refused" });
  });

  it("refuses a payout above the per-payout limit or today's limit, with the reason, writing nothing", async () => {
    await awayFromDayEnd();
    const tooBig = card(500_000_001, "KZT");
    const refused = await createPayout(database.db, fake.gateway, tooBig, creator, ALL_PROJECTS);
    expect(refused).toMatchObject({ outcome: "limit_refused" });
    expect(refused.message).toBe("Above the limit of ₸5,000,000.00 per payout.");
    expect(translateText("ru", refused.messageKey)).toBe("Больше лимита 5\u00a0000\u00a0000,00\u00a0₸ на одну выплату.");
    expect(await row(tooBig.paymentId)).toBeUndefined();

    // RUB: at most 1 000 000.00 per payout and 4 000 000.00 a day; approval above 100 000.00.
    for (let i = 0; i < 4; i++) {
      const big = await createPayout(database.db, fake.gateway, card(100_000_000, "RUB"), creator, ALL_PROJECTS);
      expect(big.outcome).toBe("awaiting_approval"); // counted against the day while waiting
    }
    const over = await createPayout(database.db, fake.gateway, card(1, "RUB"), creator, ALL_PROJECTS);
    expect(over).toMatchObject({ outcome: "limit_refused" });
    expect(over.message).toContain("₽0.00 left today (the day in Asia/Almaty)");
  });

  it("counts the daily limit over the organisation's business day (Asia/Almaty), not the UTC day", async () => {
    // Far from the other tests' rows: the count takes every payout since the day began.
    const at = async (createdAt: string, amount: number) => {
      const created = await createPayout(database.db, fake.gateway, card(amount, "UZS"), creator, ALL_PROJECTS);
      await database.db
        .update(applications)
        .set({ createdAt: new Date(createdAt) })
        .where(eq(applications.id, created.application!.id));
    };
    await at("2030-06-30T18:59:59Z", 100_000); // 23:59:59 on 30 June in Almaty (UTC+5)
    await at("2030-06-30T19:00:00Z", 200_000); // 00:00:00 on 1 July in Almaty, still 30 June in UTC
    await at("2030-06-30T23:30:00Z", 400_000);
    expect(await payoutsToday(database.db, "UZS", new Date("2030-06-30T20:00:00Z"))).toBe(600_000n);
    expect(await payoutsToday(database.db, "UZS", new Date("2030-06-30T18:59:59Z"))).toBe(700_000n);
    // The next Almaty day starts at 19:00 UTC: nothing of 1 July counts on 2 July.
    expect(await payoutsToday(database.db, "UZS", new Date("2030-07-01T19:00:00Z"))).toBe(0n);
  });

  it("after a lost answer, resends only when info proved HighHelp never got it, under a new id, once", async () => {
    fake.behaviour.create = lost;
    const request = card(300_000);
    const first = await createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS);
    expect(first.outcome).toBe("unknown");
    await expect(
      resendPayout(database.db, fake.gateway, first.application!.id, CARD, approver, ALL_PROJECTS),
    ).rejects.toMatchObject({
      code: "conflict:payout_state",
    });

    // "Not found" right after the call is not proof yet: it may still be in flight at HighHelp.
    const now = new Date();
    expect(await pollApplication(database.db, fake.gateway.client, (await row(request.paymentId))!, now)).toBe("not_found");
    expect((await row(request.paymentId))?.submission).toBe("unknown");
    const later = new Date(now.getTime() + (ABSENCE_PROOF_SECONDS + 1) * 1000);
    expect(await pollApplication(database.db, fake.gateway.client, (await row(request.paymentId))!, later)).toBe("absent");
    expect(await row(request.paymentId)).toMatchObject({ submission: "absent", nextPollAt: null });
    expect(fake.creates).toHaveLength(1);

    fake.behaviour.create = accepted;
    const resent = await resendPayout(database.db, fake.gateway, first.application!.id, CARD, approver, ALL_PROJECTS);
    expect(resent.outcome).toBe("sent");
    expect(resent.application.paymentId).not.toBe(request.paymentId);
    expect(resent.application.resendOf).toBe(first.application!.id);
    expect(resent.application.receiverPanFingerprintKeyId).toBe(fingerprintKeys().current.id);
    expect(fake.creates.map((c) => c.paymentId)).toEqual([request.paymentId, resent.application.paymentId]);
    await expect(
      resendPayout(database.db, fake.gateway, first.application!.id, CARD, approver, ALL_PROJECTS),
    ).rejects.toMatchObject({
      code: "conflict:payout_state",
    });
    expect(fake.creates).toHaveLength(2);
  });

  it("audits a payout the limits refuse at the review step, before anything is submitted", async () => {
    const tooBig = card(500_000_001, "KZT");
    const review = await reviewPayout(database.db, tooBig, { ...creator, ip: "203.0.113.5" });
    expect(translateText("en", review.limitProblem!)).toContain("per payout");
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.targetId, tooBig.paymentId));
    expect(entries).toMatchObject([
      {
        action: "payout.refused_limit",
        actorUserId: creator.userId,
        ipAddress: "203.0.113.5",
        details: { step: "review", amount: 500_000_001, currency: "KZT", reason: "Above the limit of ₸5,000,000.00 per payout." },
      },
    ]);
    // A review the limits allow leaves no entry.
    const fine = card(100_000, "KZT");
    expect((await reviewPayout(database.db, fine, creator)).limitProblem).toBeNull();
    expect(await database.db.select().from(auditLog).where(eq(auditLog.targetId, fine.paymentId))).toEqual([]);
  });

  it("holds a resend to today's limit under the same lock as a new payout, and audits its refusal", async () => {
    await awayFromDayEnd();
    // KGS: approval above 100 000.00, at most 4 000 000.00 a day.
    const lostPayout = async (amount: number) => {
      fake.behaviour.create = lost;
      const request = card(amount, "KGS");
      const first = await createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS);
      const later = new Date(Date.now() + (ABSENCE_PROOF_SECONDS + 1) * 1000);
      expect(await pollApplication(database.db, fake.gateway.client, (await row(request.paymentId))!, later)).toBe("absent");
      fake.behaviour.create = accepted;
      return first.application!;
    };
    const absentOne = await lostPayout(100_000);
    const absentTwo = await lostPayout(100_000);
    // The day fills up while the payouts wait (an absent payout does not count).
    const big = [];
    for (let i = 0; i < 4; i++)
      big.push((await createPayout(database.db, fake.gateway, card(100_000_000, "KGS"), creator, ALL_PROJECTS)).application!);
    const sentBefore = fake.creates.length;

    await expect(resendPayout(database.db, fake.gateway, absentOne.id, CARD, approver, ALL_PROJECTS)).rejects.toMatchObject({
      code: "bad_request:payout_limit",
      message: expect.stringContaining('"left":{"minor":"0","currency":"KGS"}'),
    });
    expect(fake.creates).toHaveLength(sentBefore);
    expect(await database.db.select().from(applications).where(eq(applications.resendOf, absentOne.id))).toEqual([]);
    const [refusal] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, absentOne.paymentId))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(refusal).toMatchObject({
      action: "payout.refused_limit",
      applicationId: absentOne.id,
      actorUserId: approver.userId,
      details: { step: "resend", amount: 100_000, currency: "KGS" },
    });

    // Room for exactly 1 000 000.00 again: a resend and a new payout race for it, and only one fits.
    await rejectPayout(database.db, big[0]!.id, "make room", approver, ALL_PROJECTS);
    const [resend, fresh] = await Promise.allSettled([
      resendPayout(database.db, fake.gateway, absentTwo.id, CARD, approver, ALL_PROJECTS),
      createPayout(database.db, fake.gateway, card(99_950_000, "KGS"), creator, ALL_PROJECTS),
    ]);
    const resent = resend.status === "fulfilled";
    const created = fresh.status === "fulfilled" && fresh.value.outcome !== "limit_refused";
    expect([resent, created].filter(Boolean)).toHaveLength(1);
  });

  it("a payout whose sender died mid-call is left for reconciliation, never unsent and forgotten", async () => {
    fake.behaviour.create = () => {
      throw new Error("the process died here");
    };
    const request = card(120_000);
    await expect(createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS)).rejects.toThrow(
      "the process died here",
    );
    const stuck = (await row(request.paymentId))!;
    expect(stuck.submission).toBe("sending");
    expect(stuck.nextPollAt).not.toBeNull();
    const later = new Date(Date.now() + (ABSENCE_PROOF_SECONDS + 180) * 1000);
    expect(await pollApplication(database.db, fake.gateway.client, stuck, later)).toBe("absent");
    expect(fake.creates).toHaveLength(1);
  });

  it("a lost answer that info finds ends as one payout with HighHelp's status", async () => {
    fake.behaviour.create = lost;
    const request = { ...card(0), method: "phone-p2p" as const, pan: undefined, phone: "+77001234567", amount: 250_000 };
    expect((await createPayout(database.db, fake.gateway, request, creator, ALL_PROJECTS)).outcome).toBe("unknown");
    fake.behaviour.info = () => ({
      ok: true,
      httpStatus: 200,
      data: { status: "success", sub_status: null, request_id: "req-9" },
    });
    expect(await pollApplication(database.db, fake.gateway.client, (await row(request.paymentId))!)).toBe("applied");
    expect(await row(request.paymentId)).toMatchObject({ submission: "sent", status: "success", receiverPhone: "+77001234567" });
    expect(fake.creates).toHaveLength(1);
  });
});
