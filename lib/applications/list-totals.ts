import "server-only";
import type { ProjectScope } from "@/lib/accounts/register-scope";
import type { ApplicationType } from "@/lib/highhelp/status";
import { BUSINESS_TIME_ZONE } from "@/lib/dates/business-day";
import { ROLLUP_TIME_ZONE } from "@/lib/rollups/day";
import { filteredTotals, rollupsAsOf, type CurrencyTotal, type RollupFilter } from "@/lib/rollups/queries";
import type { Database } from "@/lib/server/db";
import {
  COUNT_CAP,
  countApplications,
  listApplications,
  SUM_CAP,
  sumApplications,
  type ListCount,
  type ListPage,
} from "./list-queries";
import type { ListParams } from "./url-state";

/*
 * The totals per currency of a filtered list. When every filter is a rollup dimension (register, type,
 * product, method, currency, status, and creation days cut where the rollup days are cut), the rollups
 * answer exactly whatever the number of rows, as fresh as the last fold. Any other filter (search,
 * sub-status, integration, amount range, the needs-attention view) is not in the rollups: the sums are
 * then read from the matching applications, capped at SUM_CAP rows.
 */

/** The list's date filters are whole business days (lib/applications/list-queries listWhere). */
const LIST_DAY_ZONE = BUSINESS_TIME_ZONE;

/** A filter the rollups cannot answer, in words for the page. */
export type ScanReason =
  "search" | "sub-status" | "integration" | "amount range" | "needs-attention view" | "awaiting approval" | "day boundaries";

export type TotalsPlan = { source: "rollups"; filter: RollupFilter } | { source: "scan"; reasons: ScanReason[] };

/** Which way the totals of a list are computed: the one decision, pure. */
export function totalsPlan(type: ApplicationType, params: ListParams, rollupZone: string = ROLLUP_TIME_ZONE): TotalsPlan {
  const reasons: ScanReason[] = [];
  if (params.q !== "") reasons.push("search");
  if (params.sub_status.length > 0) reasons.push("sub-status");
  if (params.integration !== null) reasons.push("integration");
  if (params.minMinor !== null || params.maxMinor !== null) reasons.push("amount range");
  if (params.view === "attention") reasons.push("needs-attention view");
  // The rollups know HighHelp's status only: of the rows without one, they cannot tell those awaiting approval.
  if (params.status.includes("awaiting_approval") && !params.status.includes("not_sent")) reasons.push("awaiting approval");
  if ((params.from !== null || params.to !== null) && rollupZone !== LIST_DAY_ZONE) reasons.push("day boundaries");
  if (reasons.length > 0) return { source: "scan", reasons };
  return {
    source: "rollups",
    filter: {
      type,
      statuses: params.status.filter((s) => s !== "awaiting_approval").map((s) => (s === "not_sent" ? "" : s)),
      currency: params.currency,
      method: params.method,
      product: params.product,
      projectId: params.register,
      from: params.from,
      to: params.to,
    },
  };
}

export type ListTotals =
  | {
      source: "rollups";
      perCurrency: CurrencyTotal[];
      /** Every change committed before this time is counted. */
      asOf: Date;
    }
  | {
      source: "scan";
      perCurrency: CurrencyTotal[];
      /** More rows match than `cap`: the sums are of `cap` of them, a lower bound. */
      capped: boolean;
      cap: number;
      /** Why the rollups could not answer; "rollups not ready" before their first fold. */
      reasons: Array<ScanReason | "rollups not ready">;
    };

/** The totals per currency of a list's filtered rows (cursor and page size aside), within the scope. */
export async function listTotals(
  db: Database,
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now = new Date(),
  cap = SUM_CAP,
): Promise<ListTotals> {
  const plan = totalsPlan(type, params);
  if (plan.source === "rollups") {
    const [asOf, perCurrency] = await Promise.all([rollupsAsOf(db), filteredTotals(db, plan.filter, scope)]);
    if (asOf) return { source: "rollups", perCurrency, asOf };
  }
  const scanned = await sumApplications(db, type, params, scope, now, cap);
  const reasons = plan.source === "scan" ? plan.reasons : (["rollups not ready"] as const);
  return { source: "scan", perCurrency: scanned.perCurrency, capped: scanned.capped, cap, reasons: [...reasons] };
}

/** A list page's three reads, started side by side. */
export interface ListReads {
  page: Promise<ListPage>;
  count: Promise<ListCount>;
  totals: Promise<ListTotals>;
}

/**
 * The rows, the capped count and the totals of a list. Totals summed from the rows stop where the count stops
 * (SUM_CAP is COUNT_CAP), so they carry the count: the lists that cannot use the rollups (searches, the
 * needs-attention view, amount ranges) run two statements instead of three.
 */
export function listReads(
  db: Database,
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now = new Date(),
): ListReads {
  const totals = listTotals(db, type, params, scope, now);
  return {
    page: listApplications(db, type, params, scope, now),
    count:
      totalsPlan(type, params).source === "scan" ? totals.then(countOfSummed) : countApplications(db, type, params, scope, now),
    totals,
  };
}

function countOfSummed(totals: ListTotals): ListCount {
  if (totals.source !== "scan") throw new Error("totals planned from the rows came from the rollups");
  if (totals.capped) return { count: COUNT_CAP, capped: true };
  return { count: totals.perCurrency.reduce((n, c) => n + c.count, 0), capped: false };
}
