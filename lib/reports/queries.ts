import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { applicationRollupMonths, applicationRollups } from "@/drizzle/schema";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import { STATUSES, type ApplicationType } from "@/lib/highhelp/status";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";
import { cellsOfDays, cellStart, type RollupCells } from "@/lib/rollups/queries";
import { addToConversion, CONVERSION_SUCCESS_STATUSES, type Conversion } from "./conversion";
import type { ReportQuery } from "./schemas";

/*
 * The turnover report, read from the rollups only (lib/rollups keeps them exact, by day and by month): never the
 * applications themselves, so a year of days costs the same at a million applications. A rollup day is the
 * business day of creation in the organisation's zone; a month is that day's calendar month, so a month at
 * either edge of the period counts only its days inside the period. Products are added together. Sums are
 * read as text and kept bigint: they can pass 2^53 minor units.
 */

type Row = Record<string, unknown>;

/** What a report row is about: its period, register, type, currency and method. */
export interface ReportGroup {
  /** `YYYY-MM-DD` by day, `YYYY-MM` by month. */
  period: string;
  projectId: string;
  type: ApplicationType;
  currency: string;
  /** Null: the application has no method. */
  method: string | null;
}

export interface TurnoverRow extends ReportGroup {
  /** Null: HighHelp has not answered yet. */
  status: string | null;
  count: number;
  /** Minor units of `currency`. */
  amount: bigint;
}

export interface ConversionRow extends Conversion, ReportGroup {}

const orNull = (value: unknown) => (value == null || value === "" ? null : String(value));

// Successful first, then the other final status, then the open ones, then "no status yet".
const STATUS_ORDER = ["success", "decline", ...STATUSES.filter((s) => s !== "success" && s !== "decline"), ""];

/** The query's filters other than its period, on the day or the month cells. */
function conditions(cells: RollupCells, query: ReportQuery, scope: ProjectScope): SQL[] {
  const where: SQL[] = [projectScopeWhere(scope, cells.projectId)];
  if (query.type !== null) where.push(sql`${cells.type} = ${query.type}::application_type`);
  if (query.projectId !== null) where.push(sql`${cells.projectId} = ${query.projectId}`);
  if (query.currency !== null) where.push(sql`${cells.currency} = ${query.currency}`);
  if (query.method !== null) where.push(sql`${cells.method} = ${query.method}`);
  return where;
}

/** The cells of the query's period, each with its report period: by month, whole months from the month cells. */
function periodCells(query: ReportQuery, scope: ProjectScope): SQL {
  const format = query.granularity === "month" ? "YYYY-MM" : "YYYY-MM-DD";
  const select = (cells: RollupCells, range: SQL[]) =>
    sql`select to_char(${cellStart(cells)}, ${format}) as period, ${cells.projectId}, ${cells.type}, ${cells.currency},
          ${cells.method}, ${cells.status}, ${cells.count}, ${cells.amount}
        from ${cells} where ${sql.join([...range, ...conditions(cells, query, scope)], sql` and `)}`;
  if (query.granularity === "day") {
    return select(applicationRollups, [sql`${applicationRollups.day} between ${query.from}::date and ${query.to}::date`]);
  }
  return cellsOfDays(query.from, query.to, select);
}

/**
 * Count and sum per period, cash register, type, currency, method and status of the applications created in
 * the query's period and matching its filters, within the scope; ordered by period, register, type,
 * currency, method, then status (successful first).
 */
export async function turnover(db: Database, query: ReportQuery, scope: ProjectScope): Promise<TurnoverRow[]> {
  const order = sql.raw(`array_position(array[${STATUS_ORDER.map((s) => `'${s}'`).join(", ")}]::text[], status)`);
  const rows = await executeRows<Row>(
    db,
    sql`select period, project_id, type, currency, method, status, sum(count)::text as n, sum(amount)::text as amount
        from (${periodCells(query, scope)}) cells
        group by period, project_id, type, currency, method, status
        having sum(count) <> 0 or sum(amount) <> 0
        order by period, project_id, type, currency, method, ${order}, status`,
  );
  return rows.map((r) => ({
    period: String(r.period),
    projectId: String(r.project_id),
    type: r.type as ApplicationType,
    currency: String(r.currency),
    method: orNull(r.method),
    status: orNull(r.status),
    count: Number(r.n),
    amount: BigInt(String(r.amount)),
  }));
}

const groupKey = (r: TurnoverRow) => JSON.stringify([r.period, r.projectId, r.type, r.currency, r.method]);

/** The conversion (lib/reports/conversion.ts) of each period, register, type, currency and method, in the rows' order. */
export function conversionByGroup(rows: readonly TurnoverRow[]): ConversionRow[] {
  const groups = new Map<string, ConversionRow>();
  for (const r of rows) {
    const key = groupKey(r);
    const group = groups.get(key) ?? {
      period: r.period,
      projectId: r.projectId,
      type: r.type,
      currency: r.currency,
      method: r.method,
      successful: 0,
      finished: 0,
    };
    groups.set(key, { ...group, ...addToConversion(group, r.status, r.count) });
  }
  return [...groups.values()];
}

/** The conversion of the group each row belongs to, by row (for the CSV). */
export function conversionOfRow(rows: readonly TurnoverRow[]): (row: TurnoverRow) => Conversion {
  const groups = new Map(conversionByGroup(rows).map((g) => [groupKey({ ...g, status: null, count: 0, amount: 0n }), g]));
  return (row) => groups.get(groupKey(row)) ?? { successful: 0, finished: 0 };
}

export interface CurrencyTotal {
  type: ApplicationType;
  currency: string;
  count: number;
  amount: bigint;
  successful: number;
  finished: number;
  successAmount: bigint;
}

/** The whole period's totals per type and currency, from the report's rows (no second query). */
export function totalsByCurrency(rows: readonly TurnoverRow[]): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>();
  for (const r of rows) {
    const key = `${r.type}:${r.currency}`;
    const total = totals.get(key) ?? {
      type: r.type,
      currency: r.currency,
      count: 0,
      amount: 0n,
      successful: 0,
      finished: 0,
      successAmount: 0n,
    };
    const conversion = addToConversion(total, r.status, r.count);
    totals.set(key, {
      ...total,
      ...conversion,
      count: total.count + r.count,
      amount: total.amount + r.amount,
      successAmount: total.successAmount + (r.status !== null && CONVERSION_SUCCESS_STATUSES.includes(r.status) ? r.amount : 0n),
    });
  }
  return [...totals.values()].sort((a, b) => a.type.localeCompare(b.type) || a.currency.localeCompare(b.currency));
}

/** The methods the rollups know within the scope, for the filter's choices. */
export async function reportMethods(db: Database, scope: ProjectScope): Promise<string[]> {
  const rows = await executeRows<Row>(
    db,
    sql`select distinct method from application_rollup_months
        where method <> '' and ${projectScopeWhere(scope, applicationRollupMonths.projectId)} order by method`,
  );
  return rows.map((r) => String(r.method));
}

/** The currencies the rollups know within the scope, for the filter's choices. */
export async function reportCurrencies(db: Database, scope: ProjectScope): Promise<string[]> {
  const rows = await executeRows<Row>(
    db,
    sql`select distinct currency from application_rollup_months
        where ${projectScopeWhere(scope, applicationRollupMonths.projectId)} order by currency`,
  );
  return rows.map((r) => String(r.currency));
}
