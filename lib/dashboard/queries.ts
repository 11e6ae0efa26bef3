import "server-only";
import { and, count, eq } from "drizzle-orm";
import { applications } from "@/drizzle/schema";
import { needsAttention } from "@/lib/applications/queries";
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
import { asOfText } from "./freshness";

export type { DailyVolume, MethodConversion, RegisterTotal, StatusTotal };

/*
 * The dashboard's figures. Totals, conversion, the chart and the per-register table come from the rollups
 * (lib/rollups): exact, and as fresh as the last fold, which the page states ("as of 14:32:05 UTC"). The
 * needs-attention counts are live: the list's own predicate on its partial index, so the number is the
 * length of the list it links to.
 */

/** Days of the conversion table, the chart and the per-register totals, today included. */
export const PERIOD_DAYS = 30;

export interface DashboardFigures {
  /** Every change committed before this time is in the figures; null before the first fold. */
  asOf: Date | null;
  asOfText: string;
  days: { today: string; weekStart: string; periodStart: string };
  today: StatusTotal[];
  week: StatusTotal[];
  conversion: MethodConversion[];
  daily: DailyVolume[];
  registers: RegisterTotal[];
  attention: Record<ApplicationType, number>;
}

/** Everything the dashboard shows, for the chart's `currency`. */
export async function dashboardFigures(db: Database, currency: string, now = new Date()): Promise<DashboardFigures> {
  const today = rollupDayOf(now);
  const weekStart = weekStartDay(now);
  const periodStart = shiftDay(today, -(PERIOD_DAYS - 1));
  const [asOf, todayTotals, week, conversion, daily, registers, payin, payout] = await Promise.all([
    rollupsAsOf(db),
    statusTotals(db, today, today),
    statusTotals(db, weekStart, today),
    methodConversion(db, periodStart, today),
    dailySuccessVolume(db, currency, periodStart, today),
    registerTotals(db, periodStart, today),
    needsAttentionCount(db, "payin", now),
    needsAttentionCount(db, "payout", now),
  ]);
  return {
    asOf,
    asOfText: asOfText(asOf, now),
    days: { today, weekStart, periodStart },
    today: todayTotals,
    week,
    conversion,
    daily,
    registers,
    attention: { payin, payout },
  };
}

/** How many applications of a type the list's "needs attention" view shows (the same predicate). */
export async function needsAttentionCount(db: Database, type: ApplicationType, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(eq(applications.type, type), needsAttention(now)));
  return Number(row?.n ?? 0);
}
