import "server-only";
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { applications, auditLog, registers, users } from "@/drizzle/schema";
import { mentionedIds, type AuditNames } from "./details";
import type { Database } from "@/lib/server/db";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import type { AuditCursor, AuditState } from "./url-state";
import { escapeLike, executeRows, utcMicrosText } from "@/lib/server/sql";
import { businessDayStart } from "@/lib/dates/business-day";

/*
 * The audit log page's reads: the append-only audit_log, newest first, in keyset pages on
 * (at, id). Its URL state (filters, cursor) is in ./url-state.
 */

export const AUDIT_PAGE_SIZE = 50;

const t = auditLog;

/** The filters as one WHERE (undefined when nothing narrows the log). */
export function auditWhere(params: AuditState): SQL | undefined {
  const conditions: SQL[] = [];
  if (params.user) conditions.push(sql`lower(${t.actorEmail}) like ${`${escapeLike(params.user)}%`}`);
  if (params.action) {
    conditions.push(
      params.action.endsWith(".") ? sql`${t.action} like ${`${escapeLike(params.action)}%`}` : eq(t.action, params.action),
    );
  }
  if (params.application) {
    const ids = sql`(select ${applications.id} from ${applications} where ${applications.paymentId} = ${params.application})`;
    conditions.push(
      sql`(${inArray(t.applicationId, ids)} or (${t.targetType} = 'application' and ${t.targetId} = ${params.application}))`,
    );
  }
  if (params.from) conditions.push(gte(t.at, businessDayStart(params.from)));
  if (params.to) conditions.push(lt(t.at, businessDayStart(params.to, 1)));
  if (params.after) {
    // Strictly older than the cursor in (at desc, id desc); the bound on `at` alone gives the
    // index scan its start key.
    const at = sql`${params.after.at}::timestamptz`;
    conditions.push(sql`(${t.at} <= ${at} and (${t.at} < ${at} or ${t.id} < ${params.after.id}))`);
  }
  return conditions.length > 0 ? and(...conditions) : undefined;
}

export interface AuditRow {
  id: number;
  /** Exact time as text, µs, UTC (`2026-01-01T00:00:00.123456Z`). */
  at: string;
  actorUserId: number | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  applicationId: number | null;
  /** The payment_id of `applicationId`, when set. */
  paymentId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  details: unknown;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Where the "Older" link continues; null on the last page. */
  nextCursor: AuditCursor | null;
}

/**
 * Entries about an application of a register outside the scope are left out, as are entries about an application
 * never written (a refused payout names only its payment_id).
 */
function auditScopeWhere(scope: ProjectScope): SQL | undefined {
  if (scope === "all") return undefined;
  return sql`(${projectScopeWhere(scope)} or (${t.applicationId} is null and ${t.targetType} <> 'application'))`;
}

/** One page of the log, newest first, after the URL's cursor: `size + 1` rows read to know whether more follow. */
export async function queryAuditLog(
  db: Database,
  params: AuditState,
  scope: ProjectScope,
  size = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  const fetched = await db
    .select({
      id: t.id,
      at: utcMicrosText(t.at),
      actorUserId: t.actorUserId,
      actorEmail: t.actorEmail,
      action: t.action,
      targetType: t.targetType,
      targetId: t.targetId,
      applicationId: t.applicationId,
      paymentId: applications.paymentId,
      ipAddress: t.ipAddress,
      userAgent: t.userAgent,
      details: t.details,
    })
    .from(t)
    .leftJoin(applications, eq(applications.id, t.applicationId))
    .where(and(auditWhere(params), auditScopeWhere(scope)))
    .orderBy(desc(t.at), desc(t.id))
    .limit(size + 1);
  const rows = fetched.slice(0, size);
  const last = rows.at(-1);
  return { rows, nextCursor: fetched.length > size && last ? { at: last.at, id: last.id } : null };
}

/**
 * Every distinct action in the log, A→Z, for the filter's choices. A loose index scan on
 * audit_log_action_idx: one index probe per distinct action, however long the log.
 */
export async function listAuditActions(db: Database): Promise<string[]> {
  const rows = await executeRows<{ action: string }>(
    db,
    sql`
    with recursive actions(action) as (
      (select ${t.action} from ${t} order by ${t.action} limit 1)
      union all
      select (select a.action from ${t} a where a.action > actions.action order by a.action limit 1)
      from actions where actions.action is not null
    )
    select action from actions where action is not null
  `,
  );
  return rows.map((r) => r.action);
}

/** The names of the users and registers a page of entries mentions: one query each, whatever the page size. */
export async function auditNames(
  db: Pick<Database, "select">,
  rows: readonly { targetType: string; targetId: string | null; details: unknown; actorUserId?: number | null }[],
): Promise<AuditNames> {
  const { userIds, registerIds, projectIds } = mentionedIds(rows);
  const [people, regs] = await Promise.all([
    userIds.length === 0
      ? []
      : db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds)),
    registerIds.length === 0 && projectIds.length === 0
      ? []
      : db
          .select({ id: registers.id, name: registers.name, projectId: registers.projectId })
          .from(registers)
          .where(
            or(
              registerIds.length ? inArray(registers.id, registerIds) : undefined,
              projectIds.length ? inArray(registers.projectId, projectIds) : undefined,
            ),
          ),
  ]);
  return {
    users: new Map(people.map((p) => [p.id, { name: p.name, email: p.email }])),
    registersById: new Map(regs.map((r) => [r.id, r])),
    registersByProject: new Map(regs.map((r) => [r.projectId, r])),
  };
}

/** Every entry the filters select, in the page's order, `size` at a time (the CSV export). */
export async function* auditExportBatches(
  db: Database,
  params: AuditState,
  scope: ProjectScope,
  size = 1_000,
): AsyncGenerator<AuditRow[]> {
  let state: AuditState = { ...params, after: null };
  for (;;) {
    const page = await queryAuditLog(db, state, scope, size);
    if (page.rows.length > 0) yield page.rows;
    if (!page.nextCursor) return;
    state = { ...state, after: page.nextCursor };
  }
}
