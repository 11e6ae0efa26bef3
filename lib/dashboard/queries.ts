import "server-only";
import type { ProjectScope } from "@/lib/accounts/register-scope";
import { countApplications, type ListCount } from "@/lib/applications/list-queries";
import { parseListParams } from "@/lib/applications/url-state";
import type { ApplicationType } from "@/lib/highhelp/status";
import {
  dailySuccessVolume,
  methodConversion,
  registerTotals,
  rollupsAsOf,
  statusTotals,
  type DailyVolume,
  type MethodConversion,
  type RegisterTotal,
  type StatusTotal,
} from "@/lib/rollups/queries";
import { rollupDayOf, shiftDay, weekStartDay } from "@/lib/rollups/day";
import type { Database } from "@/lib/server/db";

export type { DailyVolume, MethodConversion, RegisterTotal, StatusTotal };

/*
 * The dashboard's figures. Totals, conversion, the chart and the per-register table come from the rollups
 * (lib/rollups): exact, and as fresh as the last fold, which the page states ("as of 14:32:05 UTC"). The
 * needs-attention counts are live and are the list's own count (its predicate on its partial index, capped
 * where the list caps it: "10 000+"), so the number is what the list it links to says. Every figure counts the
 * registers of the given scope only.
 */

/** Days of the conversion table, the chart and the per-register totals, today included. */
export const PERIOD_DAYS = 30;

export interface DashboardFigures {
  /** Every change committed before this time is in the figures; null before the first fold. */
  asOf: Date | null;
  days: { today: string; weekStart: string; periodStart: string };
  today: StatusTotal[];
  week: StatusTotal[];
  conversion: MethodConversion[];
  daily: DailyVolume[];
  registers: RegisterTotal[];
  attention: Record<ApplicationType, ListCount>;
}

/** Everything the dashboard shows, for the chart's `currency`. */
export async function dashboardFigures(
  db: Database,
  currency: string,
  scope: ProjectScope,
  now = new Date(),
): Promise<DashboardFigures> {
  const today = rollupDayOf(now);
  const weekStart = weekStartDay(now);
  const periodStart = shiftDay(today, -(PERIOD_DAYS - 1));
  const [asOf, todayTotals, week, conversion, daily, registers, payin, payout] = await Promise.all([
    rollupsAsOf(db),
    statusTotals(db, today, today, scope),
    statusTotals(db, weekStart, today, scope),
    methodConversion(db, periodStart, today, scope),
    dailySuccessVolume(db, currency, periodStart, today, scope),
    registerTotals(db, periodStart, today, scope),
    needsAttentionCount(db, "payin", scope, now),
    needsAttentionCount(db, "payout", scope, now),
  ]);
  return {
    asOf,
    days: { today, weekStart, periodStart },
    today: todayTotals,
    week,
    conversion,
    daily,
    registers,
    attention: { payin, payout },
  };
}

const ATTENTION_VIEW = parseListParams(new URLSearchParams("view=attention"));

/** The count the list's "needs attention" view shows for a type: the same query, so the same number and cap. */
export function needsAttentionCount(
  db: Database,
  type: ApplicationType,
  scope: ProjectScope,
  now = new Date(),
): Promise<ListCount> {
  return countApplications(db, type, ATTENTION_VIEW, scope, now);
}
