import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { applications } from "@/drizzle/schema";
import { needsAttention } from "@/lib/applications/queries";
import { addDays, startOfUtcDay, utcIsoDay } from "@/lib/dates/utc";
import type { Database } from "@/lib/server/db";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import { executeRows } from "@/lib/server/sql";
import type { ApplicationType } from "@/lib/highhelp/status";

/*
 * Dashboard figures, computed in the database. Sums are returned as text and kept as bigint:
 * a sum over many applications can pass 2^53 minor units. Days are UTC days. Every figure counts
 * the registers of the given scope only.
 */

export interface StatusTotal {
  type: ApplicationType;
  status: string;
  currency: string;
  count: number;
  volume: bigint;
}

/** Counts and volumes by type, status and currency for applications created since `since`. */
export async function totalsSince(db: Database, since: Date, scope: ProjectScope): Promise<StatusTotal[]> {
  const result = await executeRows(
    db,
    sql`select type, coalesce(status::text, 'not_sent') as status, currency, count(*)::int as n, coalesce(sum(amount), 0)::text as volume
        from applications where created_at >= ${since.toISOString()}::timestamptz and ${projectScopeWhere(scope)}
        group by type, status, currency order by type, status, currency`,
  );
  return result.map((r) => ({
    type: r.type as ApplicationType,
    status: String(r.status),
    currency: String(r.currency),
    count: Number(r.n),
    volume: BigInt(String(r.volume)),
  }));
}

export interface MethodConversion {
  type: ApplicationType;
  method: string;
  success: number;
  final: number;
}

/** success / (success + decline) per method over the last `days` days. */
export async function conversionByMethod(db: Database, since: Date, scope: ProjectScope): Promise<MethodConversion[]> {
  const result = await executeRows(
    db,
    sql`select type, coalesce(method, widget_method, 'unknown') as method,
               count(*) filter (where status = 'success')::int as success,
               count(*) filter (where status in ('success', 'decline'))::int as final
        from applications where created_at >= ${since.toISOString()}::timestamptz and ${projectScopeWhere(scope)}
        group by type, 2 having count(*) filter (where status in ('success', 'decline')) > 0
        order by type, final desc`,
  );
  return result.map((r) => ({
    type: r.type as ApplicationType,
    method: String(r.method),
    success: Number(r.success),
    final: Number(r.final),
  }));
}

export interface DailyVolume {
  day: string;
  payin: bigint;
  payout: bigint;
}

/** Successful volume per UTC day for one currency, every day present (zeros included). */
export async function dailySuccessVolume(
  db: Database,
  currency: string,
  days: number,
  scope: ProjectScope,
  now = new Date(),
): Promise<DailyVolume[]> {
  const start = addDays(startOfUtcDay(now), -(days - 1));
  const result = await executeRows(
    db,
    sql`select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, type, sum(amount)::text as volume
        from applications
        where status = 'success' and currency = ${currency} and created_at >= ${start.toISOString()}::timestamptz
          and ${projectScopeWhere(scope)}
        group by 1, 2`,
  );
  const byDay = new Map<string, DailyVolume>();
  for (let i = 0; i < days; i++) {
    const day = utcIsoDay(addDays(start, i));
    byDay.set(day, { day, payin: 0n, payout: 0n });
  }
  for (const r of result) {
    const entry = byDay.get(String(r.day));
    if (entry) entry[r.type as ApplicationType] = BigInt(String(r.volume));
  }
  return [...byDay.values()];
}

/** How many applications of a type the list's "needs attention" view shows (the same predicate). */
export async function needsAttentionCount(
  db: Database,
  type: ApplicationType,
  scope: ProjectScope,
  now = new Date(),
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(eq(applications.type, type), needsAttention(now), projectScopeWhere(scope)));
  return Number(row?.n ?? 0);
}
