import "server-only";
import { and, asc, count, desc, eq, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  ROLES,
  applications,
  users,
  workItems,
  workNotes,
  type WorkItem,
  type WorkNote,
  type WorkReason,
} from "@/drizzle/schema";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import type { ApplicationType } from "@/lib/highhelp/status";
import type { Database } from "@/lib/server/db";
import { can } from "@/lib/accounts/permissions";

const QUEUE_ROLES = ROLES.filter((role) => can(role, "queue:work"));

const w = workItems;

/** Open and not snoozed at `now`: what the queue shows, and what "needs attention" counts. */
export function openWorkWhere(now: Date): SQL {
  return and(isNull(w.resolvedAt), or(isNull(w.snoozedUntil), lte(w.snoozedUntil, now)))!;
}

/**
 * The lists' "needs attention" view: the application has an open, unsnoozed queue item. The subquery reads the
 * small queue table through its partial index, so the list stays a keyset page over the applications' own index.
 */
export function inWorkQueue(now: Date): SQL {
  return sql`${applications.id} in (select ${w.applicationId} from ${w} where ${openWorkWhere(now)})`;
}

export interface QueueFilter {
  reason: WorkReason | null;
  /** Only items assigned to this user. */
  assigneeId: number | null;
  type?: ApplicationType | null;
}

export interface QueueRow {
  id: number;
  applicationId: number;
  projectId: string;
  applicationType: ApplicationType;
  reason: WorkReason;
  subStatus: string | null;
  assigneeId: number | null;
  assigneeEmail: string | null;
  createdAt: Date;
  paymentId: string;
  amount: number;
  currency: string;
  status: string | null;
}

/** The largest page the queue shows; the counts say when there are more. */
export const QUEUE_PAGE = 200;

/** Open items within scope, oldest first (index work_items_open_idx), with the few application fields a row shows. */
export async function queueItems(
  db: Database,
  scope: ProjectScope,
  filter: QueueFilter,
  now = new Date(),
  limit = QUEUE_PAGE,
): Promise<QueueRow[]> {
  const assignee = alias(users, "assignee");
  const conditions: SQL[] = [openWorkWhere(now), projectScopeWhere(scope, w.projectId)];
  if (filter.reason) conditions.push(eq(w.reason, filter.reason));
  if (filter.assigneeId !== null) conditions.push(eq(w.assigneeId, filter.assigneeId));
  if (filter.type) conditions.push(eq(w.applicationType, filter.type));
  return db
    .select({
      id: w.id,
      applicationId: w.applicationId,
      projectId: w.projectId,
      applicationType: w.applicationType,
      reason: w.reason,
      subStatus: w.subStatus,
      assigneeId: w.assigneeId,
      assigneeEmail: assignee.email,
      createdAt: w.createdAt,
      paymentId: applications.paymentId,
      amount: applications.amount,
      currency: applications.currency,
      status: applications.status,
    })
    .from(w)
    .innerJoin(applications, eq(applications.id, w.applicationId))
    .leftJoin(assignee, eq(assignee.id, w.assigneeId))
    .where(and(...conditions))
    .orderBy(asc(w.createdAt), asc(w.id))
    .limit(limit);
}

/** Open, unsnoozed items within scope by reason (and those assigned to `userId`): the tabs' and the badge's counts. */
export async function queueCounts(
  db: Database,
  scope: ProjectScope,
  userId: number | null,
  now = new Date(),
  type: ApplicationType | null = null,
): Promise<{ total: number; mine: number; byReason: Partial<Record<WorkReason, number>> }> {
  const conditions: SQL[] = [openWorkWhere(now), projectScopeWhere(scope, w.projectId)];
  if (type) conditions.push(eq(w.applicationType, type));
  const rows = await db
    .select({
      reason: w.reason,
      n: count(),
      mine: sql<number>`count(*) filter (where ${w.assigneeId} = ${userId ?? -1})`.mapWith(Number),
    })
    .from(w)
    .where(and(...conditions))
    .groupBy(w.reason);
  const byReason: Partial<Record<WorkReason, number>> = {};
  let total = 0;
  let mine = 0;
  for (const row of rows) {
    byReason[row.reason] = row.n;
    total += row.n;
    mine += row.mine;
  }
  return { total, mine, byReason };
}

/** One item by id within scope, or undefined (as for no such item). */
export async function findWorkItem(db: Pick<Database, "select">, id: number, scope: ProjectScope): Promise<WorkItem | undefined> {
  const [row] = await db
    .select()
    .from(w)
    .where(and(eq(w.id, id), projectScopeWhere(scope, w.projectId)));
  return row;
}

export type WorkItemWithPeople = WorkItem & { assigneeEmail: string | null; resolvedByEmail: string | null };
export type NoteWithAuthor = WorkNote & { authorEmail: string | null };

/** An application's queue history (every item, newest first) and its notes (oldest first), for its page. */
export async function applicationWork(
  db: Database,
  applicationId: number,
): Promise<{ items: WorkItemWithPeople[]; notes: NoteWithAuthor[] }> {
  const assignee = alias(users, "assignee");
  const resolver = alias(users, "resolver");
  const [items, notes] = await Promise.all([
    db
      .select({ item: w, assigneeEmail: assignee.email, resolvedByEmail: resolver.email })
      .from(w)
      .leftJoin(assignee, eq(assignee.id, w.assigneeId))
      .leftJoin(resolver, eq(resolver.id, w.resolvedBy))
      .where(eq(w.applicationId, applicationId))
      .orderBy(desc(w.createdAt), desc(w.id)),
    db
      .select({ note: workNotes, authorEmail: users.email })
      .from(workNotes)
      .leftJoin(users, eq(users.id, workNotes.authorId))
      .where(eq(workNotes.applicationId, applicationId))
      .orderBy(asc(workNotes.createdAt), asc(workNotes.id)),
  ]);
  return {
    items: items.map((r) => ({ ...r.item, assigneeEmail: r.assigneeEmail, resolvedByEmail: r.resolvedByEmail })),
    notes: notes.map((r) => ({ ...r.note, authorEmail: r.authorEmail })),
  };
}

/** Colleagues an item may be assigned to: active users who may work the queue and reach the item's register. */
export async function assignableUsers(
  db: Pick<Database, "select">,
  projectId: string,
): Promise<{ id: number; email: string; name: string }[]> {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      and(
        inArray(users.role, QUEUE_ROLES),
        eq(users.disabled, false),
        eq(users.activationPending, false),
        sql`(${users.role} = 'admin' or ${users.registerScope} = 'all' or exists (
          select 1 from user_registers ur join registers r on r.id = ur.register_id
          where ur.user_id = ${users.id} and r.project_id = ${projectId}))`,
      ),
    )
    .orderBy(asc(users.email));
}

/** Payouts waiting for a second admin, oldest first (the open payouts' partial index). */
export async function awaitingApproval(db: Database, scope: ProjectScope, limit = QUEUE_PAGE) {
  return db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.type, "payout"),
        eq(applications.submission, "awaiting_approval"),
        sql`(${applications.status} is null or ${applications.status} not in ('success', 'decline'))`,
        projectScopeWhere(scope),
      ),
    )
    .orderBy(asc(applications.createdAt), asc(applications.id))
    .limit(limit);
}

export async function awaitingApprovalCount(db: Database, scope: ProjectScope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(applications)
    .where(
      and(
        eq(applications.type, "payout"),
        eq(applications.submission, "awaiting_approval"),
        sql`(${applications.status} is null or ${applications.status} not in ('success', 'decline'))`,
        projectScopeWhere(scope),
      ),
    );
  return row?.n ?? 0;
}
