import "server-only";
import { count, inArray, min, sql, type SQL } from "drizzle-orm";
import { applicationRollupMonths, applicationRollups, jobWatermarks } from "@/drizzle/schema";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import { APPLICATION_TYPES, type ApplicationType } from "@/lib/highhelp/status";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";
import {
  CELL_KEY,
  CONTRIBUTION,
  CONTRIBUTION_CHANGED,
  DAY_CELLS_BY_MONTH,
  MOVES_FROM_CHANGED,
  OLD_COLUMNS,
  ROLLUP_OVERLAP_SECONDS,
  WATERMARK_NAMES,
  watermarkName,
} from "./contribution";
import { daysBetween, rollupDayStart, wholeMonths } from "./day";

/*
 * Figures read from application_rollups (lib/rollups/commands.ts keeps them): a few hundred cells a day
 * whatever the number of applications. Ranges are rollup days, `YYYY-MM-DD`, both ends included. Counts
 * and sums are read as text: sums stay bigint (they can pass 2^53 minor units); counts fit a number. The
 * dashboard's figures take the reader's scope and count its registers only.
 */

type Row = Record<string, unknown>;

const big = (value: unknown) => BigInt(String(value ?? 0));
const num = (value: unknown) => Number(value ?? 0);
const orNull = (value: unknown) => (value == null || value === "" ? null : String(value));
const inDays = (from: string, to: string) => sql`day between ${from}::date and ${to}::date`;
const inScope = (scope: ProjectScope) => projectScopeWhere(scope, applicationRollups.projectId);

/** The time before which every committed change of an application is in the rollups; null before the first fold. */
export async function rollupsAsOf(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ watermarks: count(), complete: count(jobWatermarks.completeAt), asOf: min(jobWatermarks.completeAt) })
    .from(jobWatermarks)
    .where(inArray(jobWatermarks.name, WATERMARK_NAMES));
  if (!row || row.complete < WATERMARK_NAMES.length || !row.asOf) return null;
  return row.asOf;
}

export interface StatusTotal {
  type: ApplicationType;
  /** Null: HighHelp has not answered yet. */
  status: string | null;
  currency: string;
  count: number;
  volume: bigint;
}

/** Count and volume by type, status and currency of the applications created on the days `from`…`to`. */
export async function statusTotals(db: Database, from: string, to: string, scope: ProjectScope): Promise<StatusTotal[]> {
  const rows = await executeRows<Row>(
    db,
    sql`select type, status, currency, sum(count)::text as n, sum(amount)::text as volume
        from application_rollups where ${inDays(from, to)} and ${inScope(scope)}
        group by type, status, currency order by type, status, currency`,
  );
  return rows.map((r) => ({
    type: r.type as ApplicationType,
    status: orNull(r.status),
    currency: String(r.currency),
    count: num(r.n),
    volume: big(r.volume),
  }));
}

export interface MethodConversion {
  type: ApplicationType;
  /** The H2H method, else the widget method; null when neither is known. */
  method: string | null;
  success: number;
  final: number;
}

/** success / (success + decline) per type and method, for the applications created on the days `from`…`to`. */
export async function methodConversion(db: Database, from: string, to: string, scope: ProjectScope): Promise<MethodConversion[]> {
  const rows = await executeRows<Row>(
    db,
    sql`select type, method,
               coalesce(sum(count) filter (where status = 'success'), 0)::text as success,
               sum(count) filter (where status in ('success', 'decline'))::text as final
        from application_rollups where ${inDays(from, to)} and ${inScope(scope)} and status in ('success', 'decline')
        group by type, method order by type, sum(count) desc, method`,
  );
  return rows.map((r) => ({
    type: r.type as ApplicationType,
    method: orNull(r.method),
    success: num(r.success),
    final: num(r.final),
  }));
}

export interface DailyVolume {
  day: string;
  payin: bigint;
  payout: bigint;
}

/** Successful volume per day in one currency, every day from `from` to `to` present (zeros included). */
export async function dailySuccessVolume(
  db: Database,
  currency: string,
  from: string,
  to: string,
  scope: ProjectScope,
): Promise<DailyVolume[]> {
  const rows = await executeRows<Row>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, type, sum(amount)::text as volume
        from application_rollups
        where ${inDays(from, to)} and ${inScope(scope)} and status = 'success' and currency = ${currency}
        group by day, type`,
  );
  const byDay = new Map(daysBetween(from, to).map((day): [string, DailyVolume] => [day, { day, payin: 0n, payout: 0n }]));
  for (const r of rows) {
    const entry = byDay.get(String(r.day));
    if (entry) entry[r.type as ApplicationType] = big(r.volume);
  }
  return [...byDay.values()];
}

export interface RegisterTotal {
  projectId: string;
  type: ApplicationType;
  currency: string;
  count: number;
  volume: bigint;
  successCount: number;
  successVolume: bigint;
}

/** Totals per cash register (project_id), type and currency for the applications created on the days `from`…`to`. */
export async function registerTotals(db: Database, from: string, to: string, scope: ProjectScope): Promise<RegisterTotal[]> {
  const rows = await executeRows<Row>(
    db,
    sql`select project_id, type, currency, sum(count)::text as n, sum(amount)::text as volume,
               coalesce(sum(count) filter (where status = 'success'), 0)::text as success_n,
               coalesce(sum(amount) filter (where status = 'success'), 0)::text as success_volume
        from application_rollups where ${inDays(from, to)} and ${inScope(scope)}
        group by project_id, type, currency order by project_id, type, currency`,
  );
  return rows.map((r) => ({
    projectId: String(r.project_id),
    type: r.type as ApplicationType,
    currency: String(r.currency),
    count: num(r.n),
    volume: big(r.volume),
    successCount: num(r.success_n),
    successVolume: big(r.success_volume),
  }));
}

export interface CellFigures {
  count: bigint;
  amount: bigint;
}

export interface CellDifference {
  day: string;
  projectId: string;
  type: ApplicationType;
  product: string;
  /** '' when the application has no method. */
  method: string;
  currency: string;
  /** '' while HighHelp has not answered. */
  status: string;
  /** Null: no such cell. */
  rollup: CellFigures | null;
  recount: CellFigures | null;
}

export interface DifferenceOptions {
  /**
   * Count the changes the next fold will bring (applications updated since the overlap before each watermark,
   * whose contribution differs) as folded: on a live database, rollups plus those equal a recount taken in
   * the same statement. Off: the table alone against the recount. Default on.
   */
  includePending?: boolean;
  overlapSeconds?: number;
}

const figures = (n: unknown, amount: unknown): CellFigures | null => (n == null ? null : { count: big(n), amount: big(amount) });

/**
 * The cells of the days `from`…`to` where the rollups and a full recount of the applications disagree, read in
 * one statement (one snapshot). Empty when they are equal.
 */
export async function rollupDifferences(
  db: Database,
  from: string,
  to: string,
  options: DifferenceOptions = {},
): Promise<CellDifference[]> {
  const { includePending = true, overlapSeconds = ROLLUP_OVERLAP_SECONDS } = options;
  const sinceWatermark = (type: ApplicationType): SQL => sql`
    select a.id, ${CONTRIBUTION} from applications a
    where a.type = ${type}::application_type and a.updated_at >= (
      select coalesce(max(position_at), '-infinity') - make_interval(secs => ${overlapSeconds})
      from job_watermarks where name = ${watermarkName(type)})`;
  const pending = includePending
    ? sql`union all select ${CELL_KEY}, n, amount from (${MOVES_FROM_CHANGED}) moves where ${inDays(from, to)}`
    : sql``;
  const rows = await executeRows<Row>(
    db,
    sql`
    with pending_rows as (${sql.join(APPLICATION_TYPES.map(sinceWatermark), sql` union all `)}),
    changed as (
      select n.*, ${OLD_COLUMNS}
      from pending_rows n left join application_rollup_contributions c on c.application_id = n.id
      where ${CONTRIBUTION_CHANGED}
    ),
    expected as (
      select ${CELL_KEY}, sum(n) as n, sum(amount) as amount from (
        select ${CELL_KEY}, count as n, amount from application_rollups where ${inDays(from, to)}
        ${pending}
      ) cells
      group by ${CELL_KEY} having sum(n) <> 0 or sum(amount) <> 0
    ),
    recount as (
      select ${CELL_KEY}, count(*) as n, sum(amount) as amount
      from (select ${CONTRIBUTION} from applications a
            where a.created_at >= ${rollupDayStart(from)} and a.created_at < ${rollupDayStart(to, 1)}) contributions
      group by ${CELL_KEY}
    )
    select to_char(day, 'YYYY-MM-DD') as day, project_id, type, product, method, currency, status,
           e.n::text as rollup_n, e.amount::text as rollup_amount, r.n::text as recount_n, r.amount::text as recount_amount
    from expected e full join recount r using (day, project_id, type, product, method, currency, status)
    where e.n is distinct from r.n or e.amount is distinct from r.amount
    order by day, project_id, type, product, method, currency, status`,
  );
  return rows.map((r) => ({
    day: String(r.day),
    projectId: String(r.project_id),
    type: r.type as ApplicationType,
    product: String(r.product),
    method: String(r.method),
    currency: String(r.currency),
    status: String(r.status),
    rollup: figures(r.rollup_n, r.rollup_amount),
    recount: figures(r.recount_n, r.recount_amount),
  }));
}

/** A filter the rollups can answer exactly: every field is a cell dimension. Null or empty: no condition. */
export interface RollupFilter {
  type: ApplicationType;
  /** Statuses as stored in the cells: '' for "HighHelp has not answered". */
  statuses: readonly string[];
  currency: string | null;
  method: string | null;
  product: string | null;
  projectId: string | null;
  /** Rollup days, both included. */
  from: string | null;
  to: string | null;
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  amount: bigint;
}

/** The day cells or the month cells: the same dimensions and figures after their first column. */
export type RollupCells = typeof applicationRollups | typeof applicationRollupMonths;

/** A cell's first day: its day, or its month's first day. */
export const cellStart = (cells: RollupCells) => ("day" in cells ? cells.day : cells.month);

/**
 * The cells of the rollup days `from`…`to` (both included; null: open), each day counted once: the whole months from
 * the month cells, the days around them from the day cells. `select` writes the SELECT on either table, given the
 * range's conditions on it; the result is their UNION ALL. All time at a million applications is a few hundred cells
 * a month, not a few hundred a day.
 */
export function cellsOfDays(from: string | null, to: string | null, select: (cells: RollupCells, range: SQL[]) => SQL): SQL {
  const d = applicationRollups;
  const days: SQL[] = [];
  if (from !== null) days.push(sql`${d.day} >= ${from}::date`);
  if (to !== null) days.push(sql`${d.day} <= ${to}::date`);
  const months = wholeMonths(from, to);
  if (!months) return select(d, days);
  const m = applicationRollupMonths;
  const inMonths: SQL[] = [];
  const around: SQL[] = [];
  if (months.first !== null) {
    inMonths.push(sql`${m.month} >= ${months.first}::date`);
    around.push(sql`${d.day} < ${months.first}::date`);
  }
  if (months.end !== null) {
    inMonths.push(sql`${m.month} < ${months.end}::date`);
    around.push(sql`${d.day} >= ${months.end}::date`);
  }
  // Open at both ends, the months are every day.
  if (around.length === 0) return select(m, inMonths);
  return sql`${select(m, inMonths)} union all ${select(d, [...days, sql`(${sql.join(around, sql` or `)})`])}`;
}

/** Count and amount per currency of the applications matching `filter`, within the scope. */
export async function filteredTotals(db: Database, filter: RollupFilter, scope: ProjectScope): Promise<CurrencyTotal[]> {
  const cells = cellsOfDays(
    filter.from,
    filter.to,
    (cells, range) =>
      sql`select ${cells.currency}, ${cells.count}, ${cells.amount} from ${cells}
          where ${sql.join([...cellConditions(cells, filter, scope), ...range], sql` and `)}`,
  );
  const rows = await executeRows<Row>(
    db,
    sql`select currency, sum(count)::text as n, sum(amount)::text as amount from (${cells}) cells
        group by currency having sum(count) > 0 order by currency`,
  );
  return rows.map((r) => ({ currency: String(r.currency), count: num(r.n), amount: big(r.amount) }));
}

/** The filter's conditions on the cell dimensions other than the day, for the day or the month cells. */
function cellConditions(cells: RollupCells, filter: RollupFilter, scope: ProjectScope): SQL[] {
  const conditions: SQL[] = [sql`${cells.type} = ${filter.type}::application_type`, projectScopeWhere(scope, cells.projectId)];
  if (filter.statuses.length > 0) conditions.push(inArray(cells.status, [...filter.statuses]));
  if (filter.currency !== null) conditions.push(sql`${cells.currency} = ${filter.currency}`);
  if (filter.method !== null) conditions.push(sql`${cells.method} = ${filter.method}`);
  if (filter.product !== null) conditions.push(sql`${cells.product} = ${filter.product}::product`);
  if (filter.projectId !== null) conditions.push(sql`${cells.projectId} = ${filter.projectId}`);
  return conditions;
}

/**
 * The month cells that differ from the sum of their days' cells (the trigger of the migration rollup_months keeps
 * them equal), read in one statement. Empty when they are equal.
 */
export async function monthDifferences(db: Database): Promise<Array<{ month: string; cells: number }>> {
  const rows = await executeRows<Row>(
    db,
    sql`
    with summed as (${DAY_CELLS_BY_MONTH})
    select to_char(month, 'YYYY-MM-DD') as month, count(*)::int as cells
    from summed s full join application_rollup_months m using (month, project_id, type, product, method, currency, status)
    where s.count is distinct from m.count or s.amount is distinct from m.amount
    group by month order by month`,
  );
  return rows.map((r) => ({ month: String(r.month), cells: num(r.cells) }));
}
