import "server-only";
import { and, asc, desc, eq, inArray, isNull, lte, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import {
  ROLES,
  WORK_REASONS,
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
import { executeRows, preparedOnce, utcMicrosText } from "@/lib/server/sql";
import { BADGE_CAP, BULK_TAB_MAX, QUEUE_PAGE } from "./schemas";
import type { QueueCursor } from "./url-state";
import { can } from "@/lib/accounts/permissions";

const QUEUE_ROLES = ROLES.filter((role) => can(role, "queue:work"));

const w = workItems;

/** Open and not snoozed at `now`: what the queue shows, and what "needs attention" counts. */
export function openWorkWhere(now: Date | Placeholder): SQL {
  return and(isNull(w.resolvedAt), or(isNull(w.snoozedUntil), lte(w.snoozedUntil, now)))!;
}

/**
 * The lists' "needs attention" view: the application has an open, unsnoozed queue item. A probe of the open item's
 * unique index per application (work_items_open_application_key), so the list stays a keyset page over the
 * applications' own index: the OFFSET keeps PostgreSQL from turning it into a join that hashes the whole queue first.
 * In created order the lists read the open items' list index instead (lib/applications/list-queries.ts, listSource).
 */
export function inWorkQueue(now: Date): SQL {
  return sql`exists (select 1 from ${w} where ${w.applicationId} = ${applications.id} and ${openWorkWhere(now)} offset 0)`;
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
  /** created_at as exact text, for the keyset cursor. */
  cursorAt: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: string | null;
}

/** How many payouts awaiting approval the approvals page shows, oldest first. */
const APPROVALS_SHOWN = 200;

export interface QueuePage {
  rows: QueueRow[];
  /** The page before this one (null on the first), and the one after (null on the last). */
  prevCursor: QueueCursor | null;
  nextCursor: QueueCursor | null;
}

function queueWhere(scope: ProjectScope, filter: QueueFilter, now: Date): SQL[] {
  const conditions: SQL[] = [openWorkWhere(now), projectScopeWhere(scope, w.projectId)];
  if (filter.reason) conditions.push(eq(w.reason, filter.reason));
  if (filter.assigneeId !== null) conditions.push(eq(w.assigneeId, filter.assigneeId));
  if (filter.type) conditions.push(eq(w.applicationType, filter.type));
  return conditions;
}

async function selectQueueRows(db: Database, where: SQL[], direction: "asc" | "desc", limit: number) {
  const assignee = alias(users, "assignee");
  const order = direction === "asc" ? asc : desc;
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
      cursorAt: utcMicrosText(w.createdAt),
      paymentId: applications.paymentId,
      amount: applications.amount,
      currency: applications.currency,
      status: applications.status,
    })
    .from(w)
    .innerJoin(applications, eq(applications.id, w.applicationId))
    .leftJoin(assignee, eq(assignee.id, w.assigneeId))
    .where(and(...where))
    .orderBy(order(w.createdAt), order(w.id))
    .limit(limit);
}

const cursorOf = (row: { cursorAt: string; id: number }): QueueCursor => ({ at: row.cursorAt, id: row.id });

/**
 * One page of open items within scope in (created_at, id) order, oldest first, after or before a keyset position
 * (a row comparison the open items' partial index work_items_open_idx serves); `size + 1` rows read to know
 * whether more follow.
 */
export async function queuePage(
  db: Database,
  scope: ProjectScope,
  filter: QueueFilter,
  position: { after?: QueueCursor | null; before?: QueueCursor | null } = {},
  now = new Date(),
  size = QUEUE_PAGE,
): Promise<QueuePage> {
  const where = queueWhere(scope, filter, now);
  const { after = null, before = null } = position;
  if (before) {
    const fetched = await selectQueueRows(
      db,
      [...where, sql`(${w.createdAt}, ${w.id}) < (${before.at}::timestamptz, ${before.id})`],
      "desc",
      size + 1,
    );
    const rows = fetched.slice(0, size).reverse();
    const first = rows[0];
    const last = rows.at(-1);
    return {
      rows,
      prevCursor: fetched.length > size && first ? cursorOf(first) : null,
      nextCursor: last ? cursorOf(last) : null,
    };
  }
  const fetched = await selectQueueRows(
    db,
    after ? [...where, sql`(${w.createdAt}, ${w.id}) > (${after.at}::timestamptz, ${after.id})`] : where,
    "asc",
    size + 1,
  );
  const rows = fetched.slice(0, size);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    prevCursor: after && first ? cursorOf(first) : null,
    nextCursor: fetched.length > size && last ? cursorOf(last) : null,
  };
}

/** The ids of the first `limit` open items of a tab within scope, in the tab's order (oldest first). */
export async function tabItemIds(
  db: Database,
  scope: ProjectScope,
  filter: QueueFilter,
  now: Date,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .select({ id: w.id })
    .from(w)
    .where(and(...queueWhere(scope, filter, now)))
    .orderBy(asc(w.createdAt), asc(w.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The first `limit` open items within scope, oldest first. */
export async function queueItems(
  db: Database,
  scope: ProjectScope,
  filter: QueueFilter,
  now = new Date(),
  limit = QUEUE_PAGE,
): Promise<QueueRow[]> {
  return (await queuePage(db, scope, filter, {}, now, limit)).rows;
}

/**
 * Each reason's count stops here ("1,000+"): past it the tabs would count a large share of the queue on every visit.
 * One action on a whole tab works on as many, so a tab that reads "1,000+" is worked through in rounds of that size.
 */
export const QUEUE_COUNT_CAP = BULK_TAB_MAX;

export interface QueueCounts {
  /** The sum of the reasons' counts; at least this many when `capped`. */
  total: number;
  mine: number;
  mineByReason: Partial<Record<WorkReason, number>>;
  byReason: Partial<Record<WorkReason, number>>;
  /** The reasons whose count reached the cap: there are more. */
  capped: WorkReason[];
}

/**
 * Open, unsnoozed items within scope by reason, each counted up to `cap` on the open items' reason index
 * (work_items_open_reason_idx), and those assigned to `userId` by reason (work_items_open_assignee_idx): the tabs' counts,
 * in one statement.
 */
export async function queueCounts(
  db: Database,
  scope: ProjectScope,
  userId: number | null,
  now = new Date(),
  type: ApplicationType | null = null,
  cap = QUEUE_COUNT_CAP,
): Promise<QueueCounts> {
  const conditions: SQL[] = [openWorkWhere(now), projectScopeWhere(scope, w.projectId)];
  if (type) conditions.push(eq(w.applicationType, type));
  const open = and(...conditions)!;
  const reasons = WORK_REASONS.map(
    (reason) =>
      // In the index's order, so that PostgreSQL reads the reason's entries rather than scanning the table for them.
      sql`(select count(*)::int from (select 1 from ${w} where ${w.reason} = ${reason} and ${open}
        order by ${w.createdAt}, ${w.id} limit ${cap + 1}) counted)`,
  );
  const [row] = await executeRows<{ mineByReason: Record<string, number> | null; byReason: number[] }>(
    db,
    sql`select (select json_object_agg(reason, n) from (select ${w.reason} as reason, count(*)::int as n from ${w}
                 where ${w.assigneeId} = ${userId ?? -1} and ${open} group by ${w.reason}) mine) as "mineByReason",
               array[${sql.join(reasons, sql`, `)}] as "byReason"`,
  );
  const byReason: Partial<Record<WorkReason, number>> = {};
  const capped: WorkReason[] = [];
  let total = 0;
  WORK_REASONS.forEach((reason, i) => {
    const n = Math.min(Number(row?.byReason[i] ?? 0), cap);
    if (Number(row?.byReason[i] ?? 0) > cap) capped.push(reason);
    if (n > 0) byReason[reason] = n;
    total += n;
  });
  const mineByReason = (row?.mineByReason ?? {}) as Partial<Record<WorkReason, number>>;
  const mine = Object.values(mineByReason).reduce((sum, n) => sum + Number(n), 0);
  return { total, mine, mineByReason, byReason, capped };
}

/**
 * The navigation's counts in one statement, each up to `cap` + 1 (more than `cap` reads "cap+"): open, unsnoozed
 * queue items within scope, and payouts awaiting approval (the open payouts' partial index). A count not asked for is null.
 */
export async function badgeCounts(
  db: Database,
  scope: ProjectScope,
  want: { queue: boolean; approvals: boolean },
  now = new Date(),
  cap = BADGE_CAP,
): Promise<{ queue: number | null; approvals: number | null }> {
  if (!want.queue && !want.approvals) return { queue: null, approvals: null };
  if (scope !== "all" && scope.length === 0) return { queue: want.queue ? 0 : null, approvals: want.approvals ? 0 : null };
  const statement = badgeStatement(db, want, scope === "all" ? "all" : "some");
  const [row] = await statement.execute({
    now: now.toISOString(),
    limit: cap + 1,
    ...(scope === "all" ? {} : { projectIds: [...scope] }),
  });
  return {
    queue: row?.queue === null || row?.queue === undefined ? null : Number(row.queue),
    approvals: row?.approvals === null || row?.approvals === undefined ? null : Number(row.approvals),
  };
}

/** Read at every page and every poll of the bell: prepared once per combination of counts and kind of scope. */
const badgeStatement = (db: Database, want: { queue: boolean; approvals: boolean }, scope: "all" | "some") =>
  preparedOnce(db, `nav_badges_${want.queue ? "queue_" : ""}${want.approvals ? "approvals_" : ""}${scope}`, (db, name) => {
    const projectIds = sql.placeholder("projectIds");
    const inScope = (column: AnyPgColumn) => (scope === "all" ? sql`true` : sql`${column} = any(${projectIds})`);
    const limit = sql.placeholder("limit");
    const queue = sql<number | null>`(select count(*)::int from (select 1 from ${w}
      where ${and(openWorkWhere(sql.placeholder("now")), inScope(w.projectId))} order by ${w.createdAt}, ${w.id} limit ${limit}) counted)`;
    const approvals = sql<number | null>`(select count(*)::int from (select 1 from ${applications}
      where ${and(AWAITING_APPROVAL, inScope(applications.projectId))} limit ${limit}) counted)`;
    return db
      .select({ queue: want.queue ? queue : sql<null>`null::int`, approvals: want.approvals ? approvals : sql<null>`null::int` })
      .from(sql`(values (1)) as one (x)`)
      .prepare(name);
  });

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
export async function awaitingApproval(db: Database, scope: ProjectScope, limit = APPROVALS_SHOWN) {
  return db
    .select()
    .from(applications)
    .where(awaitingApprovalWhere(scope))
    .orderBy(asc(applications.createdAt), asc(applications.id))
    .limit(limit);
}

/** Open payouts waiting for a second admin: the predicate of the open payouts' partial index and more. */
const AWAITING_APPROVAL = and(
  eq(applications.type, "payout"),
  eq(applications.submission, "awaiting_approval"),
  sql`(${applications.status} is null or ${applications.status} not in ('success', 'decline'))`,
)!;

/** Open payouts waiting for a second admin, within scope. */
export function awaitingApprovalWhere(scope: ProjectScope): SQL {
  return and(AWAITING_APPROVAL, projectScopeWhere(scope))!;
}
