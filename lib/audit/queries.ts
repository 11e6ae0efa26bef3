import "server-only";
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { isoDate } from "@/lib/applications/url-state";
import { applications, auditLog } from "@/drizzle/schema";
import type { SearchParamsInput } from "@/lib/applications/url-state";
import type { Database } from "@/lib/server/db";

/*
 * The audit log page (issue 8): the append-only audit_log, newest first, in keyset pages on
 * (at, id). Filters live in the URL: whatever it holds, parsing never throws; a bad value falls
 * back to "no filter" and is reported in `ignored` so the page can say so.
 */

export const AUDIT_PAGE_SIZE = 50;

export interface AuditCursor {
  /** The entry's `at` as exact text (µs, UTC): a JavaScript Date would drop the microseconds. */
  at: string;
  id: number;
}

export interface AuditState {
  /** Actor email, lower case: matches that email or any that starts with it. */
  user: string | null;
  /** An action (`payin.create`), or a prefix ending in a dot (`payout.`) for a whole family. */
  action: string | null;
  /** A payment_id: entries of that application, or whose target is that id. */
  application: string | null;
  /** UTC dates (YYYY-MM-DD), both ends included. */
  from: string | null;
  to: string | null;
  after: AuditCursor | null;
}

export type AuditParamName = keyof AuditState;

export interface AuditParams extends AuditState {
  /** Parameters present in the URL whose value was refused (and replaced by the default). */
  ignored: AuditParamName[];
}

export const DEFAULT_AUDIT_STATE: AuditState = { user: null, action: null, application: null, from: null, to: null, after: null };

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const cursorTuple = z.tuple([
  z
    .string()
    .regex(TIMESTAMP_TEXT)
    .refine((text) => !Number.isNaN(Date.parse(text))),
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
]);

/** Opaque, URL-safe text for a keyset position. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), "utf8").toString("base64url");
}

export function decodeAuditCursor(text: string): AuditCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorTuple.safeParse(raw);
  return parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : null;
}

// Control characters never belong in an email or an identifier; the rest is bound as a parameter.
const cleanText = (max: number) =>
  z
    .string()
    .transform((text) => text.replace(/[\u0000-\u001f\u007f]/g, "").trim())
    .pipe(z.string().min(1).max(max));

/** `payin.create`, `application.confirm.refused`; a trailing dot (or `.*`) asks for the whole family. */
const actionText = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text) => text.replace(/\.\*$/, "."))
  .pipe(z.string().max(64).regex(/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/));

const parsers = {
  user: cleanText(254).transform((text) => text.toLowerCase()),
  action: actionText,
  application: cleanText(100),
  from: isoDate,
  to: isoDate,
  after: z.string().transform((text, ctx) => decodeAuditCursor(text) ?? (ctx.addIssue({ code: "custom", message: "bad cursor" }), z.NEVER)),
} satisfies Record<AuditParamName, z.ZodType>;

function readLast(input: SearchParamsInput, name: string): string | undefined {
  const values = input instanceof URLSearchParams ? input.getAll(name) : [input[name]].flat();
  return values.filter((v): v is string => typeof v === "string" && v.trim() !== "").at(-1);
}

/** Parses the audit page's search parameters. Never throws. */
export function parseAuditParams(input: SearchParamsInput): AuditParams {
  const state: Record<string, unknown> = { ...DEFAULT_AUDIT_STATE };
  const ignored: AuditParamName[] = [];
  for (const [name, schema] of Object.entries(parsers) as [AuditParamName, z.ZodType][]) {
    const raw = readLast(input, name);
    if (raw === undefined) continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) state[name] = parsed.data;
    else ignored.push(name);
  }
  return { ...(state as unknown as AuditState), ignored };
}

/** Serialises a state to search parameters, leaving out what is unset; the inverse of parseAuditParams. */
export function auditSearchParams(state: AuditState, patch: Partial<AuditState> = {}): URLSearchParams {
  const merged = { ...state, ...patch };
  const search = new URLSearchParams();
  for (const name of Object.keys(DEFAULT_AUDIT_STATE) as AuditParamName[]) {
    const value = merged[name];
    if (value === null || value === undefined || value === "") continue;
    search.set(name, typeof value === "object" ? encodeAuditCursor(value) : value);
  }
  return search;
}

/** `/audit?query` for a state (and optional changes). */
export function auditHref(state: AuditState, patch: Partial<AuditState> = {}, pathname = "/audit"): string {
  const query = auditSearchParams(state, patch).toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** Whether any filter narrows the log (the page position does not count). */
export function hasAuditFilters(state: AuditState): boolean {
  return state.user !== null || state.action !== null || state.application !== null || state.from !== null || state.to !== null;
}

const t = auditLog;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function startOfUtcDay(isoDate: string, plusDays = 0): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + plusDays));
}

/** The filters as one WHERE (undefined when nothing narrows the log). */
export function auditWhere(params: AuditState): SQL | undefined {
  const conditions: SQL[] = [];
  if (params.user) conditions.push(sql`lower(${t.actorEmail}) like ${`${escapeLike(params.user)}%`}`);
  if (params.action) {
    conditions.push(params.action.endsWith(".") ? sql`${t.action} like ${`${escapeLike(params.action)}%`}` : eq(t.action, params.action));
  }
  if (params.application) {
    const ids = sql`(select ${applications.id} from ${applications} where ${applications.paymentId} = ${params.application})`;
    conditions.push(sql`(${inArray(t.applicationId, ids)} or (${t.targetType} = 'application' and ${t.targetId} = ${params.application}))`);
  }
  if (params.from) conditions.push(gte(t.at, startOfUtcDay(params.from)));
  if (params.to) conditions.push(lt(t.at, startOfUtcDay(params.to, 1)));
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

/** One page of the log, newest first, after the URL's cursor: `size + 1` rows read to know whether more follow. */
export async function queryAuditLog(db: Database, params: AuditState, size = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const fetched = await db
    .select({
      id: t.id,
      at: sql<string>`to_char(${t.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
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
    .where(auditWhere(params))
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
  const result = (await db.execute(sql`
    with recursive actions(action) as (
      (select ${t.action} from ${t} order by ${t.action} limit 1)
      union all
      select (select a.action from ${t} a where a.action > actions.action order by a.action limit 1)
      from actions where actions.action is not null
    )
    select action from actions where action is not null
  `)) as unknown as { rows: Array<{ action: string }> };
  return result.rows.map((r) => r.action);
}
