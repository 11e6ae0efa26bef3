import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { APPLICATION_TYPES, type ApplicationType } from "@/lib/highhelp/status";
import { rollupDay } from "./day";

/*
 * What one application adds to the rollups, shared by the fold, the rebuild and the check so the three
 * cannot disagree: one cell (creation day, cash register, type, product, method, currency, status) and
 * its amount. A missing method or status is '' (they are part of the key, which cannot hold nulls).
 */

/** The key columns of a rollup cell, in the primary key's order. */
export const CELL_KEY = sql.raw("day, project_id, type, product, method, currency, status");

/** The contribution of the `applications` row aliased `a`: the cell key columns, then `amount`. */
export const CONTRIBUTION: SQL = sql`${rollupDay(sql`a.created_at`)} as day, a.project_id, a.type, a.product,
  coalesce(a.method, a.widget_method, '') as method, a.currency, coalesce(a.status::text, '') as status, a.amount`;

/** True when the contribution `n` (as CONTRIBUTION names it) differs from the stored one `c`. */
export const CONTRIBUTION_CHANGED: SQL = sql`(n.day, n.project_id, n.type, n.product, n.method, n.currency, n.status, n.amount)
  is distinct from (c.day, c.project_id, c.type, c.product, c.method, c.currency, c.status, c.amount)`;

/**
 * The cell movements of `changed` (rows of a new contribution `n` joined to the stored one `c`, prefixed
 * `old_`): +1 and the amount into the new cell, -1 and minus the old amount out of the old one.
 */
export const MOVES_FROM_CHANGED: SQL = sql`
  select day, project_id, type, product, method, currency, status, 1 as n, amount from changed
  union all
  select old_day, old_project_id, old_type, old_product, old_method, old_currency, old_status, -1, -old_amount
  from changed where had`;

/** The columns `changed` needs from the stored contribution `c`. */
export const OLD_COLUMNS: SQL = sql`c.application_id is not null as had, c.day as old_day, c.project_id as old_project_id,
  c.type as old_type, c.product as old_product, c.method as old_method, c.currency as old_currency, c.status as old_status,
  c.amount as old_amount`;

/**
 * The day cells summed by month, as application_rollup_months holds them (its trigger adds each change; the rebuild
 * and the check start from this).
 */
export const DAY_CELLS_BY_MONTH: SQL = sql`
  select date_trunc('month', day::timestamp)::date as month, project_id, type, product, method, currency, status,
         sum(count)::bigint as count, sum(amount)::bigint as amount
  from application_rollups group by 1, 2, 3, 4, 5, 6, 7`;

/** How far behind its watermark every fold run starts again, for transactions that commit late (./commands.ts). */
export const ROLLUP_OVERLAP_SECONDS = 60;

/** The watermark (job_watermarks) of the fold of one application type. */
export function watermarkName(type: ApplicationType): string {
  return `application-rollups:${type}`;
}

export const WATERMARK_NAMES = APPLICATION_TYPES.map(watermarkName);
