import "server-only";
import { and, asc, desc, eq, inArray, max, sql, type SQL } from "drizzle-orm";
import {
  applications,
  auditLog,
  callbackDeliveries,
  statusEvents,
  users,
  type Application,
  type CallbackDelivery,
  type StatusEvent,
} from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";

const t = applications;

/** One application by id, if its register is within `scope` (else undefined, as for no such id). */
export async function findApplication(
  db: Pick<Database, "select">,
  id: number,
  scope: ProjectScope,
): Promise<Application | undefined> {
  const [row] = await db
    .select()
    .from(t)
    .where(and(eq(t.id, id), projectScopeWhere(scope)));
  return row;
}

/** One application by its payment_id within a project (the pair is unique). */
export async function findApplicationByPaymentId(
  db: Pick<Database, "select">,
  projectId: string,
  paymentId: string,
): Promise<Application | undefined> {
  const [row] = await db
    .select()
    .from(t)
    .where(and(eq(t.projectId, projectId), eq(t.paymentId, paymentId)));
  return row;
}

/**
 * The application a create form made, if any, within `scope`: after an interrupted submit, the form asks whether its
 * row exists (the row is written before HighHelp is called). payment_ids are random, so one per form.
 */
export async function findApplicationIdOfForm(
  db: Pick<Database, "select">,
  paymentId: string,
  scope: ProjectScope,
): Promise<number | null> {
  const [row] = await db
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.paymentId, paymentId), projectScopeWhere(scope)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * The old "needs attention" rule, kept for the index it matches: dispute and error need a person (a dispute is
 * appealed through HighHelp's support; `error` is not final, see docs/highhelp-decisions.md#status-model); so do
 * changed amounts and non-final applications past their lifetime. The lists' view and the dashboard now read the
 * work queue (lib/work/queries.ts inWorkQueue), which the database fills by these same reasons.
 */
export function needsAttention(now: Date): SQL {
  const flagged = sql`(${t.status} in ('dispute', 'error') or (${t.oldAmount} is not null and ${t.oldAmount} <> ${t.amount}))`;
  const nonFinalWithExpiry = sql`(${t.expiresAt} is not null and ${t.status} is distinct from 'success' and ${t.status} is distinct from 'decline')`;
  // The first clause repeats the predicate of applications_attention_idx word for word, so the
  // planner can use that partial index; the second narrows "has an expiry" to "past it".
  return sql`(${flagged} or ${nonFinalWithExpiry}) and (${flagged} or ${t.expiresAt} < ${now.toISOString()}::timestamptz)`;
}

type Link = { id: number; paymentId: string };

export interface ApplicationDetail {
  application: Application;
  events: StatusEvent[];
  deliveries: Pick<CallbackDelivery, "id" | "receivedAt" | "kind" | "signatureVerified" | "outcome" | "error">[];
  /** Who created and who approved it (emails), for payouts' four-eyes trail. */
  createdByEmail: string | null;
  approvedByEmail: string | null;
  /** The payout this one resends, and the payout that resent this one. */
  resendOf: Link | null;
  resentAs: Link | null;
  /** Who caused status events, created, confirmed or cancelled it: by user id. */
  people: Map<number, Person>;
  /** The last successful confirm and cancel by a person (audit log), when any. */
  confirmedBy: PersonAct | null;
  cancelledBy: PersonAct | null;
}

export interface Person {
  name: string;
  email: string;
}

export interface PersonAct {
  userId: number | null;
  email: string | null;
  at: Date;
}

/** Names and emails of users, by id. */
export async function peopleById(db: Pick<Database, "select">, ids: readonly (number | null)[]): Promise<Map<number, Person>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

/** The newest audit entry of `action` on the application. */
async function lastAct(db: Database, applicationId: number, action: string): Promise<PersonAct | null> {
  const [row] = await db
    .select({ userId: auditLog.actorUserId, email: auditLog.actorEmail, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.applicationId, applicationId), eq(auditLog.action, action)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1);
  return row ?? null;
}

/** Everything the application page shows; null when there is no such application within `scope`. */
export async function applicationDetail(db: Database, id: number, scope: ProjectScope): Promise<ApplicationDetail | null> {
  const application = await findApplication(db, id, scope);
  if (!application) return null;
  const emailOf = async (userId: number | null) =>
    userId === null
      ? null
      : ((await db.select({ email: users.email }).from(users).where(eq(users.id, userId)))[0]?.email ?? null);
  const link = async (where: SQL) =>
    (await db.select({ id: applications.id, paymentId: applications.paymentId }).from(applications).where(where))[0] ?? null;
  const [events, deliveries, createdByEmail, approvedByEmail, resendOf, resentAs, confirmedBy, cancelledBy] = await Promise.all([
    db
      .select()
      .from(statusEvents)
      .where(eq(statusEvents.applicationId, id))
      .orderBy(asc(statusEvents.receivedAt), asc(statusEvents.id)),
    db
      .select({
        id: callbackDeliveries.id,
        receivedAt: callbackDeliveries.receivedAt,
        kind: callbackDeliveries.kind,
        signatureVerified: callbackDeliveries.signatureVerified,
        outcome: callbackDeliveries.outcome,
        error: callbackDeliveries.error,
      })
      .from(callbackDeliveries)
      .where(eq(callbackDeliveries.applicationId, id))
      .orderBy(desc(callbackDeliveries.receivedAt))
      .limit(100),
    emailOf(application.createdBy),
    emailOf(application.approvedBy),
    application.resendOf === null ? null : link(eq(applications.id, application.resendOf)),
    application.type === "payout" ? link(eq(applications.resendOf, id)) : null,
    lastAct(db, id, "application.confirm"),
    lastAct(db, id, "application.cancel"),
  ]);
  const people = await peopleById(db, [
    ...events.map((e) => e.actorUserId),
    application.createdBy,
    application.approvedBy,
    confirmedBy?.userId ?? null,
    cancelledBy?.userId ?? null,
  ]);
  return {
    application,
    events,
    deliveries,
    createdByEmail,
    approvedByEmail,
    resendOf,
    resentAs,
    people,
    confirmedBy,
    cancelledBy,
  };
}

/**
 * A cheap fingerprint of what the page shows: it changes when a callback, a poll or a user action
 * changes the application. The page polls it and re-renders only on change.
 */
export async function applicationVersion(db: Database, id: number, scope: ProjectScope): Promise<string | null> {
  const [row] = await db
    .select({ updatedAt: applications.updatedAt, lastDelivery: max(callbackDeliveries.id) })
    .from(applications)
    .leftJoin(callbackDeliveries, eq(callbackDeliveries.applicationId, applications.id))
    .where(and(eq(applications.id, id), projectScopeWhere(scope)))
    .groupBy(applications.id);
  return row ? `${row.updatedAt.getTime()}:${row.lastDelivery ?? 0}` : null;
}

/** Route parameter → id, or null for anything that is not a positive integer. */
export function parseApplicationId(raw: string): number | null {
  return /^\d{1,15}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}
