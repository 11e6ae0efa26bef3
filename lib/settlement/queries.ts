import "server-only";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { balanceSnapshots, registers, type RegisterStatus } from "@/drizzle/schema";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import { businessDayOf, businessDayStart } from "@/lib/dates/business-day";
import type { Database } from "@/lib/server/db";
import { executeRows, utcMicrosText } from "@/lib/server/sql";
import { periodProblem } from "./schemas";

/*
 * The settlement view: HighHelp's balance of one register and currency, snapshot after snapshot, lined up with
 * what our applications say moved it in between.
 *
 * THE BALANCE COUNTED is `amount + locked_amount`, not `amount` alone. HighHelp takes a payout's amount out of
 * `amount` into `locked_amount` when the payout is created, and out of `locked_amount` (or back into `amount`) when
 * it ends. `amount` alone would therefore move at every payout's creation, which no successful application explains,
 * and move back at every decline. Their sum moves only when money really comes in (a payin succeeds) or goes out (a
 * payout succeeds), which is what the applications side counts: a payout still open in a snapshot leaves the
 * difference at zero. docs/settlement.md says the same for readers.
 *
 * THE APPLICATIONS SIDE of an interval (opening snapshot, closing snapshot] is the sum of the payins that became
 * successful in it minus the payouts that did: "became" is the first applied `success` status event of the
 * application (status_events.received_at, our clock when the news arrived), at the event's amount (the application's
 * when the event carries none). Read on status_events_success_idx, whose predicate is word for word the one below.
 */

export interface SettlementRegister {
  id: number;
  name: string;
  projectId: string;
  status: RegisterStatus;
}

/** The registers the reader may see, by name. */
export async function settlementRegisters(db: Database, scope: ProjectScope): Promise<SettlementRegister[]> {
  return db
    .select({ id: registers.id, name: registers.name, projectId: registers.projectId, status: registers.status })
    .from(registers)
    .where(projectScopeWhere(scope, registers.projectId))
    .orderBy(asc(registers.name), asc(registers.id));
}

/** The currencies a register has snapshots in, and those it is set up for, alphabetically. */
export async function settlementCurrencies(db: Database, registerId: number): Promise<string[]> {
  const rows = await executeRows<{ currency: string }>(
    db,
    sql`select currency from (
          select distinct ${balanceSnapshots.currency} as currency from ${balanceSnapshots} where ${balanceSnapshots.registerId} = ${registerId}
          union select unnest(${registers.currencies}) from ${registers} where ${registers.id} = ${registerId}
        ) c order by currency`,
  );
  return rows.map((r) => r.currency);
}

/** When the register's last snapshot was taken, or null. */
export async function lastSnapshotAt(db: Database, registerId: number): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`max(${balanceSnapshots.takenAt})` })
    .from(balanceSnapshots)
    .where(eq(balanceSnapshots.registerId, registerId));
  return row?.at ? new Date(row.at) : null;
}

export interface SettlementRow {
  /** Exact UTC text with microseconds: the interval's ends as stored. */
  openedAt: string;
  closedAt: string;
  /** Balance counted (amount + locked_amount), minor units. */
  opening: bigint;
  closing: bigint;
  openingLocked: bigint;
  closingLocked: bigint;
  /** closing − opening. */
  movement: bigint;
  payinsCount: number;
  payinsAmount: bigint;
  payoutsCount: number;
  payoutsAmount: bigint;
  /** payinsAmount − payoutsAmount. */
  applied: bigint;
  /** movement − applied: zero when the applications explain the balance's movement. */
  difference: bigint;
}

export interface SettlementQuery {
  registerId: number;
  currency: string;
  /** Business days, both included. */
  from: string;
  to: string;
}

type RawRow = {
  opened_at: string;
  closed_at: string;
  opening: string;
  closing: string;
  opening_locked: string;
  closing_locked: string;
  payins_count: string;
  payins_amount: string;
  payouts_count: string;
  payouts_amount: string;
};

/**
 * One row per interval between consecutive snapshots of the register and currency whose closing snapshot falls in
 * the period; the first interval opens at the last snapshot before the period. Oldest first. The register must be
 * within the reader's scope: the caller checks it (settlementRegisters).
 */
export async function settlementRows(db: Database, query: SettlementQuery): Promise<SettlementRow[]> {
  const rows = await executeRows<RawRow>(db, settlementSql(query));
  return rows.map(toRow);
}

/** The statement settlementRows runs (exported for its plan's test). */
export function settlementSql(query: SettlementQuery): SQL {
  const start = sql`${businessDayStart(query.from).toISOString()}::timestamptz`;
  const end = sql`${businessDayStart(query.to, 1).toISOString()}::timestamptz`;
  const s = balanceSnapshots;
  return sql`
    with snaps as (
      select ${s.takenAt} as taken_at, ${s.amount} as amount, ${s.lockedAmount} as locked_amount
        from ${s}
       where ${s.registerId} = ${query.registerId} and ${s.currency} = ${query.currency}
         and ${s.takenAt} < ${end}
         and ${s.takenAt} >= coalesce(
           (select max(p.taken_at) from balance_snapshots p
             where p.register_id = ${query.registerId} and p.currency = ${query.currency} and p.taken_at < ${start}),
           ${start})
    ), intervals as (
      select lag(taken_at) over w as opened_at, taken_at as closed_at,
             lag(amount) over w as opening_amount, amount as closing_amount,
             lag(locked_amount) over w as opening_locked, locked_amount as closing_locked
        from snaps
      window w as (order by taken_at)
    )
    select ${utcMicrosText(sql`i.opened_at`)} as opened_at, ${utcMicrosText(sql`i.closed_at`)} as closed_at,
           (i.opening_amount + i.opening_locked)::text as opening, (i.closing_amount + i.closing_locked)::text as closing,
           i.opening_locked::text as opening_locked, i.closing_locked::text as closing_locked,
           m.payins_count::text as payins_count, m.payins_amount::text as payins_amount,
           m.payouts_count::text as payouts_count, m.payouts_amount::text as payouts_amount
      from intervals i
      cross join lateral (
        select count(*) filter (where a.type = 'payin') as payins_count,
               coalesce(sum(coalesce(e.amount, a.amount)) filter (where a.type = 'payin'), 0) as payins_amount,
               count(*) filter (where a.type = 'payout') as payouts_count,
               coalesce(sum(coalesce(e.amount, a.amount)) filter (where a.type = 'payout'), 0) as payouts_amount
          from status_events e
          join applications a on a.id = e.application_id
          join registers r on r.project_id = a.project_id
         where e.status = 'success' and e.applied
           and e.received_at > i.opened_at and e.received_at <= i.closed_at
           and r.id = ${query.registerId} and a.currency = ${query.currency}
           and not exists (
             select 1 from status_events f
              where f.application_id = e.application_id and f.status = 'success' and f.applied
                and (f.received_at, f.id) < (e.received_at, e.id))
      ) m
     where i.opened_at is not null and i.closed_at >= ${start}
     order by i.closed_at`;
}

function toRow(raw: RawRow): SettlementRow {
  const opening = BigInt(raw.opening);
  const closing = BigInt(raw.closing);
  const payinsAmount = BigInt(raw.payins_amount);
  const payoutsAmount = BigInt(raw.payouts_amount);
  const movement = closing - opening;
  const applied = payinsAmount - payoutsAmount;
  return {
    openedAt: raw.opened_at,
    closedAt: raw.closed_at,
    opening,
    closing,
    openingLocked: BigInt(raw.opening_locked),
    closingLocked: BigInt(raw.closing_locked),
    movement,
    payinsCount: Number(raw.payins_count),
    payinsAmount,
    payoutsCount: Number(raw.payouts_count),
    payoutsAmount,
    applied,
    difference: movement - applied,
  };
}

/** The period's totals: the first opening, the last closing and the sums of the rows. */
export function settlementTotals(rows: readonly SettlementRow[]) {
  const sum = (pick: (row: SettlementRow) => bigint) => rows.reduce((total, row) => total + pick(row), 0n);
  return {
    movement: sum((r) => r.movement),
    applied: sum((r) => r.applied),
    difference: sum((r) => r.difference),
    intervalsWithDifference: rows.filter((r) => r.difference !== 0n).length,
  };
}

/** The default period: the last seven business days, today included. */
export const DEFAULT_PERIOD_DAYS = 7;

export interface SettlementView {
  registers: SettlementRegister[];
  /** null: the reader sees no register (or the one asked for is not theirs). */
  register: SettlementRegister | null;
  currencies: string[];
  currency: string | null;
  from: string;
  to: string;
  /** A message key when the period cannot be shown (reversed, too long). */
  periodProblem: string | null;
  /** Whether the URL named a register the reader cannot see (answered like an unknown one). */
  unknownRegister: boolean;
}

/** What the page and the CSV show for a URL state: its register within the scope, currency and period, defaults filled in. */
export async function resolveSettlementView(
  db: Database,
  state: { register: number | null; currency: string | null; from: string | null; to: string | null },
  scope: ProjectScope,
  now = new Date(),
): Promise<SettlementView> {
  const list = await settlementRegisters(db, scope);
  const register = state.register === null ? (list[0] ?? null) : (list.find((r) => r.id === state.register) ?? null);
  const currencies = register ? await settlementCurrencies(db, register.id) : [];
  const currency = state.currency !== null && currencies.includes(state.currency) ? state.currency : (currencies[0] ?? null);
  const today = businessDayOf(now);
  const to = state.to ?? (state.from !== null && state.from > today ? state.from : today);
  const from = state.from ?? shiftDay(to, -(DEFAULT_PERIOD_DAYS - 1));
  return {
    registers: list,
    register,
    currencies,
    currency,
    from,
    to,
    periodProblem: periodProblem(from, to),
    unknownRegister: state.register !== null && register === null,
  };
}

function shiftDay(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
