import { z } from "zod";
import { APPLICATION_TYPES, type ApplicationType } from "@/lib/highhelp/status";
import { createUrlState, param, type SearchParamsInput, type UrlState } from "@/lib/url-state/url-state";
import { isoDate, plainText } from "@/lib/url-state/values";

/*
 * The turnover report's URL state, on lib/url-state: the period (business days of the organisation's zone,
 * both ends included), the granularity and the filters. Parsing never throws: a refused value falls back to
 * its default and is reported. Client-safe: no server imports.
 */

export const GRANULARITIES = ["day", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The period the page shows without a `from`: this many days up to today. */
export const DEFAULT_PERIOD_DAYS = 30;

/** The longest period per granularity, so that a report stays a few thousand rows at most. */
export const MAX_PERIOD_DAYS: Readonly<Record<Granularity, number>> = { day: 366, month: 1_830 };

export const reportParamParsers = {
  from: param(isoDate, null as string | null),
  to: param(isoDate, null as string | null),
  granularity: param(z.enum(GRANULARITIES), "day" as Granularity),
  type: param(z.enum(APPLICATION_TYPES), null as ApplicationType | null),
  /** A cash register's project_id. */
  register: param(plainText(100), null as string | null),
  currency: param(
    z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.string().regex(/^[A-Z]{3}$/)),
    null as string | null,
  ),
  /** A method code as the rollups hold it (the H2H method, else the widget method). */
  method: param(
    z
      .string()
      .trim()
      .pipe(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)),
    null as string | null,
  ),
};

const reportUrlState = createUrlState(reportParamParsers);

export type ReportState = UrlState<typeof reportParamParsers>;
export type ReportParamName = keyof ReportState;

export const REPORTS_PATH = "/reports";
export const DEFAULT_REPORT_STATE: ReportState = reportUrlState.defaults;

export interface ReportParams extends ReportState {
  ignored: ReportParamName[];
}

/** Reads the report's search parameters. Never throws. */
export function parseReportParams(input: SearchParamsInput): ReportParams {
  const { state, ignored } = reportUrlState.parse(input);
  return { ...state, ignored };
}

export const reportSearchParams: (state: ReportState, patch?: Partial<ReportState>) => URLSearchParams = reportUrlState.serialize;

/** `/reports?query` for a state (and optional changes). */
export function reportHref(state: ReportState, patch: Partial<ReportState> = {}, pathname: string = REPORTS_PATH): string {
  return reportUrlState.href(pathname, state, patch);
}

/** What the queries take: a whole period and the filters (null: no condition). */
export interface ReportQuery {
  from: string;
  to: string;
  granularity: Granularity;
  type: ApplicationType | null;
  projectId: string | null;
  currency: string | null;
  method: string | null;
}

export type PeriodProblem = "order" | "tooLong";

export type ResolvedReport = { ok: true; query: ReportQuery } | { ok: false; field: "from" | "to"; problem: PeriodProblem };

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** Shifts a `YYYY-MM-DD` day by whole days (calendar arithmetic). */
export function shiftIsoDay(day: string, days: number): string {
  return new Date((dayNumber(day) + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The period and filters of a state, `today` being the organisation's business day: a missing `to` is today,
 * a missing `from` DEFAULT_PERIOD_DAYS days up to `to`. Refuses a period that ends before it starts or is
 * longer than its granularity allows.
 */
export function resolveReport(state: ReportState, today: string): ResolvedReport {
  const to = state.to ?? (state.from !== null && state.from > today ? state.from : today);
  const from = state.from ?? shiftIsoDay(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) return { ok: false, field: "to", problem: "order" };
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_PERIOD_DAYS[state.granularity])
    return { ok: false, field: "from", problem: "tooLong" };
  return {
    ok: true,
    query: {
      from,
      to,
      granularity: state.granularity,
      type: state.type,
      projectId: state.register,
      currency: state.currency,
      method: state.method,
    },
  };
}
