import "server-only";
import { message as messageOf } from "@/lib/i18n/message";
import { and, eq, sql } from "drizzle-orm";
import { applications, type Application } from "@/drizzle/schema";
import { findApplication, findApplicationByPaymentId } from "@/lib/applications/queries";
import { stateCode } from "@/lib/applications/vocabulary";
import {
  claimForSending,
  outcomeMessage,
  sendingColumns,
  settleSubmission,
  type SubmitResult,
} from "@/lib/applications/submission";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { newPaymentId } from "@/lib/server/ids";
import { executeRows } from "@/lib/server/sql";
import type { Gateway } from "@/lib/server/gateway";
import { assertRegisterActive, resolveForProject, type PerProject } from "@/lib/registers/gateway-access";
import { maskPan, maskPhone } from "@/lib/highhelp";
import { formatMinor } from "@/lib/money/amounts";
import { translateText } from "@/lib/i18n/translate";
import { cardFingerprint, checkCard } from "./card-fingerprint";
import { receiverKind, type PayoutMethod } from "./schemas";
import { checkPayoutLimits, limitsFor, payoutDayStart } from "./policy";
import { assertProjectInScope, type ProjectScope } from "@/lib/accounts/register-scope";
import { independenceProblem } from "@/lib/accounts/lineage";

/*
 * Manual payouts: written first, sent at most once, above the approval threshold only
 * after a second admin approves, within the per-payout and per-day limits. The full card number
 * is never stored: it is passed through to HighHelp, and an approver or a resend re-enters it
 * (checked against a keyed fingerprint).
 */

export interface PayoutRequest {
  paymentId: string;
  method: PayoutMethod;
  /** Card digits, for card methods: passed through to HighHelp, never stored. */
  pan?: string;
  phone?: string;
  cardHolder?: string;
  /** Minor units. */
  amount: number;
  currency: string;
  description?: string;
  customer?: { id?: string; first_name?: string; last_name?: string; email?: string; country?: string };
}

export type PayoutResult = SubmitResult | { outcome: "limit_refused"; application: null; message: string; messageKey: string };

function auditPayout(
  db: Pick<Database, "insert">,
  actor: AuditActor,
  action: string,
  app: Pick<Application, "id" | "paymentId">,
  details: Record<string, unknown> = {},
) {
  return recordAudit(db, actor, {
    action: `payout.${action}`,
    targetType: "application",
    targetId: app.paymentId,
    applicationId: app.id,
    details,
  });
}

/**
 * The sum of the payouts in a currency that may still move money, created since the business day of
 * `now` began in the organisation's zone (policy.ts).
 */
export async function payoutsToday(db: Pick<Database, "execute">, currency: string, now = new Date()): Promise<bigint> {
  const [row] = await executeRows<{ total: string }>(
    db,
    sql`
    select coalesce(sum(amount), 0)::text as total from applications
    where type = 'payout' and currency = ${currency}
      and created_at >= ${payoutDayStart(now).toISOString()}::timestamptz
      and submission not in ('refused', 'absent') and status is distinct from 'decline'`,
  );
  return BigInt(row?.total ?? "0");
}

/** Sends a claimed payout; the receiver's card comes from the caller, everything else from the row. */
async function send(
  db: Database,
  gateway: Gateway,
  app: Application,
  pan: string | undefined,
  actor: AuditActor,
): Promise<SubmitResult> {
  const customer = (app.customer ?? {}) as PayoutRequest["customer"] & object;
  const result = await gateway.client.p2pPayoutCreate({
    general: { payment_id: app.paymentId, ...gateway.callbackUrls },
    receiver: {
      ...(pan ? { pan } : {}),
      ...(app.receiverPhone ? { phone: app.receiverPhone } : {}),
      ...(app.receiverCardHolder ? { card_holder: app.receiverCardHolder } : {}),
    },
    payment: {
      method: app.method ?? "",
      amount: app.amount,
      currency: app.currency,
      ...(app.description ? { description: app.description } : {}),
    },
    ...(Object.keys(customer).length > 0 ? { customer } : {}),
  });
  return settleSubmission(db, app, result, actor, "payout");
}

export interface PayoutReview {
  paymentId: string;
  method: string;
  receiver: string;
  cardHolder: string | null;
  /** Written in English; `amountMinor` and `currency` for the reader's locale. */
  amount: string;
  amountMinor: number;
  currency: string;
  description: string | null;
  customer: string | null;
  needsApproval: boolean;
  /** A message (lib/i18n/message.ts). */
  limitProblem: string | null;
}

/** A payout the limits refused, at any step: audited like every other refusal. */
function auditLimitRefusal(
  db: Pick<Database, "insert">,
  actor: AuditActor,
  step: "review" | "create" | "resend",
  subject: { paymentId: string; amount: number; currency: string; applicationId?: number },
  reason: string,
) {
  return recordAudit(db, actor, {
    action: "payout.refused_limit",
    targetType: "application",
    targetId: subject.paymentId,
    applicationId: subject.applicationId ?? null,
    // The audit log keeps the reason in English words, as it reads the same for every reader.
    details: { step, amount: subject.amount, currency: subject.currency, reason: translateText("en", reason) },
  });
}

/**
 * The review step: exactly what would be sent (card masked), and whether the policy allows it now.
 * A refusal by the limits is audited here already, whether or not the admin goes on to submit.
 */
export async function reviewPayout(db: Database, request: PayoutRequest, actor: AuditActor): Promise<PayoutReview> {
  const check = checkPayoutLimits(
    limitsFor(request.currency),
    BigInt(request.amount),
    request.currency,
    await payoutsToday(db, request.currency),
  );
  if (!check.ok) await auditLimitRefusal(db, actor, "review", request, check.reason);
  const c = request.customer ?? {};
  const customer = [c.id, [c.first_name, c.last_name].filter(Boolean).join(" "), c.email, c.country].filter(Boolean).join(" · ");
  return {
    paymentId: request.paymentId,
    method: request.method,
    receiver: request.pan ? maskPan(request.pan) : (request.phone ?? ""),
    cardHolder: request.cardHolder ?? null,
    amount: formatMinor(request.amount, request.currency),
    amountMinor: request.amount,
    currency: request.currency,
    description: request.description ?? null,
    customer: customer || null,
    needsApproval: check.ok && check.needsApproval,
    limitProblem: check.ok ? null : check.reason,
  };
}

/**
 * Creates a payout for the form's payment_id. A second submit of the same form finds the row and
 * sends nothing; a payout over a limit is refused with the reason and nothing is written; a
 * register outside the actor's `scope` is refused as unknown.
 */
export async function createPayout(
  db: Database,
  gateway: Gateway,
  request: PayoutRequest,
  actor: AuditActor,
  scope: ProjectScope,
): Promise<PayoutResult> {
  assertProjectInScope(scope, gateway.projectId);
  assertRegisterActive(gateway);
  const kind = receiverKind(request.method);
  if ((kind === "card") !== Boolean(request.pan)) throw new Error("a card payout needs a card number, and only a card payout");
  const placed = await db.transaction(async (tx) => {
    const existing = await findApplicationByPaymentId(tx, gateway.projectId, request.paymentId);
    if (existing) return { kind: "existing" as const, app: existing };
    // One payout at a time per currency, so two admins cannot both fit under the day's limit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payout-limits:${request.currency}`}))`);
    const check = checkPayoutLimits(
      limitsFor(request.currency),
      BigInt(request.amount),
      request.currency,
      await payoutsToday(tx, request.currency),
    );
    if (!check.ok) return { kind: "limit" as const, reason: check.reason };
    const [app] = await tx
      .insert(applications)
      .values({
        projectId: gateway.projectId,
        paymentId: request.paymentId,
        type: "payout",
        product: "p2p",
        integration: "h2h",
        method: request.method,
        amount: request.amount,
        initialAmount: request.amount,
        currency: request.currency,
        receiverPanMasked: request.pan ? maskPan(request.pan) : null,
        ...fingerprintColumns(request.pan),
        receiverPhone: request.phone ?? null,
        receiverCardHolder: request.cardHolder ?? null,
        cardLast4: request.pan ? request.pan.slice(-4) : null,
        description: request.description ?? null,
        customerId: request.customer?.id ?? null,
        customer: request.customer && Object.keys(request.customer).length > 0 ? request.customer : null,
        // Written as `sending` when it goes out now: if this process dies before HighHelp answers,
        // reconciliation finds the row and asks `info` (no window where a payout sits unsent).
        ...(check.needsApproval ? { submission: "awaiting_approval" as const } : sendingColumns()),
        createdBy: actor.userId,
      })
      .onConflictDoNothing({ target: [applications.projectId, applications.paymentId] })
      .returning();
    if (!app)
      return { kind: "existing" as const, app: (await findApplicationByPaymentId(tx, gateway.projectId, request.paymentId))! };
    await auditPayout(tx, actor, "create", app, {
      amount: request.amount,
      currency: request.currency,
      method: request.method,
      receiver: request.pan ? maskPan(request.pan) : maskPhone(request.phone ?? ""),
      needsApproval: check.needsApproval,
    });
    return { kind: "created" as const, app };
  });

  if (placed.kind === "limit") {
    await auditLimitRefusal(db, actor, "create", request, placed.reason);
    return { outcome: "limit_refused", application: null, ...outcomeMessage(placed.reason) };
  }
  if (placed.kind === "existing") {
    return {
      outcome: "already_submitted",
      application: placed.app,
      ...outcomeMessage("submission.payoutAlreadySubmitted"),
    };
  }
  if (placed.app.submission === "awaiting_approval") {
    return {
      outcome: "awaiting_approval",
      application: placed.app,
      ...outcomeMessage("submission.awaitingApproval"),
    };
  }
  return send(db, gateway, placed.app, request.pan, actor);
}

async function loadPayout(db: Database, id: number, scope: ProjectScope): Promise<Application> {
  const app = await findApplication(db, id, scope);
  if (!app || app.type !== "payout") throw new AppError("not_found:payout", "payoutReview.errors.noPayout");
  return app;
}

/** The fingerprint columns of a card payout's row (none for a phone payout). */
function fingerprintColumns(pan: string | undefined) {
  if (!pan) return { receiverPanFingerprint: null, receiverPanFingerprintKeyId: null };
  const { fingerprint, keyId } = cardFingerprint(pan);
  return { receiverPanFingerprint: fingerprint, receiverPanFingerprintKeyId: keyId };
}

/** The re-entered card of a card payout, checked against the fingerprint taken at creation. */
function reenteredCard(app: Application, pan: string | undefined): string | undefined {
  if (receiverKind(app.method ?? "") !== "card") return undefined;
  if (!pan) throw new AppError("bad_request:pan", "payoutReview.errors.enterCard", { pan: ["payoutReview.errors.enterCard"] });
  const check = checkCard(pan, { fingerprint: app.receiverPanFingerprint, keyId: app.receiverPanFingerprintKeyId });
  if (check === "unknown_key") {
    throw new AppError("conflict:fingerprint_key", "payoutReview.errors.fingerprintKey");
  }
  if (check === "different") {
    const message = messageOf("payoutReview.errors.otherCard", { card: app.receiverPanMasked ?? "—" });
    throw new AppError("bad_request:pan", message, { pan: [message] });
  }
  return pan;
}

/**
 * Four eyes that hold: the approver must be independent of the payout's creator, not merely another account.
 * An admin who created, reset, re-enabled or changed the role of the approver's account (or the other way
 * round, directly or through other accounts) may be able to sign in as it and approve their own payout
 * (lib/accounts/lineage.ts independenceProblem; docs/four-eyes.md).
 */
export function approverProblem(
  db: Pick<Database, "execute">,
  app: Pick<Application, "createdBy">,
  approverId: number | null,
): Promise<string | null> {
  if (app.createdBy === null || approverId === null) return Promise.resolve(null);
  return independenceProblem(db, { id: app.createdBy, who: "payout_creator" }, approverId, "approve");
}

/** A second admin approves a payout waiting for approval: it is sent at once. */
export async function approvePayout(
  db: Database,
  gateways: PerProject<Gateway>,
  id: number,
  pan: string | undefined,
  actor: AuditActor,
  scope: ProjectScope,
): Promise<SubmitResult> {
  const app = await loadPayout(db, id, scope);
  const gateway = await resolveForProject(gateways, app.projectId);
  if (app.submission !== "awaiting_approval") throw new AppError("conflict:payout_state", "payoutReview.errors.notWaiting");
  if (app.createdBy === actor.userId) {
    await auditPayout(db, actor, "approve_refused", app, { reason: "creator cannot approve" });
    throw new AppError("forbidden:four_eyes", "payoutReview.errors.ownPayout");
  }
  const lineage = await approverProblem(db, app, actor.userId);
  if (lineage) {
    await auditPayout(db, actor, "approve_refused", app, {
      reason: "approver not independent of creator",
      detail: translateText("en", lineage),
    });
    throw new AppError("forbidden:four_eyes", lineage);
  }
  const card = reenteredCard(app, pan);
  assertRegisterActive(gateway);
  const claimed = await claimForSending(db, app.id, "awaiting_approval", { approvedBy: actor.userId, approvedAt: new Date() });
  if (!claimed) throw new AppError("conflict:payout_state", "payoutReview.errors.someoneFirst");
  await auditPayout(db, actor, "approve", claimed, { amount: claimed.amount, currency: claimed.currency });
  return send(db, gateway, claimed, card, actor);
}

/** Any admin (the creator included) declines a payout waiting for approval: it is never sent. */
export async function rejectPayout(
  db: Database,
  id: number,
  reason: string,
  actor: AuditActor,
  scope: ProjectScope,
): Promise<Application> {
  const app = await loadPayout(db, id, scope);
  const [rejected] = await db
    .update(applications)
    .set({ submission: "refused", statusDescription: `Refused by ${actor.email ?? "an admin"}: ${reason}` })
    .where(and(eq(applications.id, app.id), eq(applications.submission, "awaiting_approval")))
    .returning();
  if (!rejected) throw new AppError("conflict:payout_state", "payoutReview.errors.notWaiting");
  await auditPayout(db, actor, "reject", app, { reason, state: stateCode(rejected.status, rejected.submission) });
  return rejected;
}

/**
 * Resends a payout HighHelp never received (`absent`, proven by `info`), by an explicit admin
 * decision, under a new payment_id (docs/highhelp-decisions.md#resending-a-payout). The new row points
 * at the old one through a unique column, so a payout is resent at most once.
 */
export async function resendPayout(
  db: Database,
  gateways: PerProject<Gateway>,
  id: number,
  pan: string | undefined,
  actor: AuditActor,
  scope: ProjectScope,
): Promise<SubmitResult> {
  const app = await loadPayout(db, id, scope);
  if (app.submission !== "absent") throw new AppError("conflict:payout_state", "payoutReview.errors.notAbsent");
  const card = reenteredCard(app, pan);
  const gateway = await resolveForProject(gateways, app.projectId);
  assertRegisterActive(gateway);
  // The copy is a new payout of today: the same per-currency lock and limits as a new one.
  const placed = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payout-limits:${app.currency}`}))`);
    const check = checkPayoutLimits(
      limitsFor(app.currency),
      BigInt(app.amount),
      app.currency,
      await payoutsToday(tx, app.currency),
    );
    if (!check.ok) return { kind: "limit" as const, reason: check.reason };
    const [copy] = await tx
      .insert(applications)
      .values({
        projectId: app.projectId,
        paymentId: newPaymentId("PO"),
        type: "payout",
        product: app.product,
        integration: app.integration,
        method: app.method,
        amount: app.amount,
        initialAmount: app.amount,
        currency: app.currency,
        receiverPanMasked: app.receiverPanMasked,
        // The card was just re-entered and checked: fingerprinted again, with the current key.
        ...fingerprintColumns(card),
        receiverPhone: app.receiverPhone,
        receiverCardHolder: app.receiverCardHolder,
        cardLast4: app.cardLast4,
        description: app.description,
        customerId: app.customerId,
        customer: app.customer,
        ...sendingColumns(),
        createdBy: actor.userId,
        approvedBy: app.approvedBy,
        approvedAt: app.approvedAt,
        resendOf: app.id,
      })
      .onConflictDoNothing()
      .returning();
    if (!copy) return { kind: "resent_before" as const };
    await auditPayout(tx, actor, "resend", copy, { resendOf: app.paymentId });
    return { kind: "created" as const, copy };
  });
  if (placed.kind === "limit") {
    await auditLimitRefusal(db, actor, "resend", { ...app, applicationId: app.id }, placed.reason);
    throw new AppError("bad_request:payout_limit", placed.reason);
  }
  if (placed.kind === "resent_before") throw new AppError("conflict:payout_state", "payoutReview.errors.alreadyResent");
  const { copy } = placed;
  return send(db, gateway, copy, card, actor);
}
