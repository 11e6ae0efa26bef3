import "server-only";
import { sql } from "drizzle-orm";
import { APPLICATION_TYPES, type ApplicationType } from "@/lib/highhelp/status";
import { claimJobLease, shortenJobLease } from "@/lib/reconcile/job-lease";
import type { Database } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { executeRows, utcMicrosText } from "@/lib/server/sql";
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

/*
 * Keeping application_rollups exact without touching the write path of applications (no trigger, nothing
 * added to apply_status_event: the callback intake stays as fast as it is and no row becomes hot).
 *
 * The fold walks the applications of each type in (updated_at, id) order from a watermark, on the
 * (type, updated_at, id) index the lists already have. Each application's last contribution is kept
 * (application_rollup_contributions); folding it takes that out of its old cell and adds its current one,
 * so status and amount changes move figures between cells exactly and folding a row twice does nothing.
 *
 * updated_at is written by the application's clock when a statement starts, so a transaction may commit
 * a row whose updated_at is already behind the watermark. Every run therefore starts ROLLUP_OVERLAP_SECONDS (60)
 * before the watermark and re-reads that window; rows whose contribution is unchanged cost a read only.
 * A change committed more than that long after its updated_at (or written by a clock that far behind)
 * would be missed until the application changes again: `npm run db:rollups:check` finds it and
 * `npm run db:rollups:rebuild` repairs it. The watermark never passes the database's clock, so a row
 * stamped in the future is re-read until its time comes rather than pushing the window past others.
 */

/** One fold runs at a time across instances; the lease outlasts a run's budget. */
const LEASE_NAME = "application-rollups";
const LEASE_SECONDS = 120;
const RUN_BUDGET_MS = 20_000;

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** A keyset position: updated_at as exact UTC text (µs), or '-infinity' before the first application; then id. */
interface Position {
  at: string;
  id: number;
}

export interface FoldOptions {
  /** Applications read per transaction (default 5 000). */
  batchSize?: number;
  /** The run stops after the batch that passes this many milliseconds (default 20 s; Infinity: until caught up). */
  budgetMs?: number;
  overlapSeconds?: number;
}

export interface FoldResult {
  /** Applications read (the overlap included). */
  read: number;
  /** Applications whose contribution changed: folded in. */
  changed: number;
  /** The budget ran out before the fold caught up. */
  more: boolean;
}

async function ensureWatermarks(db: Pick<Database, "execute">): Promise<void> {
  await db.execute(
    sql`insert into job_watermarks (name, position_at) values ${sql.join(
      WATERMARK_NAMES.map((name) => sql`(${name}, '-infinity')`),
      sql`, `,
    )} on conflict (name) do nothing`,
  );
}

/** Where a run of one type starts: the overlap before its watermark. */
async function runStart(db: Database, type: ApplicationType, overlapSeconds: number): Promise<Position> {
  const [row] = await executeRows(
    db,
    sql`select case when isfinite(position_at)
          then ${utcMicrosText(sql`(position_at - make_interval(secs => ${overlapSeconds}))`)} else '-infinity' end as at
        from job_watermarks where name = ${watermarkName(type)}`,
  );
  return { at: String(row?.at ?? "-infinity"), id: 0 };
}

/** Folds up to `limit` applications of `type` after `from`, in one transaction. */
async function foldBatch(
  tx: Tx,
  type: ApplicationType,
  from: Position,
  limit: number,
): Promise<{ read: number; changed: number; last: Position | null }> {
  const name = watermarkName(type);
  // Concurrent folds (a lease outlived) take turns here; the rebuild takes the same lock.
  await tx.execute(sql`select 1 from job_watermarks where name = ${name} for update`);
  const [row] = await executeRows(
    tx,
    sql`
    with batch as (
      select a.id, a.updated_at, ${CONTRIBUTION}
      from applications a
      where a.type = ${type}::application_type and a.updated_at >= ${from.at}::timestamptz
        and (a.updated_at > ${from.at}::timestamptz or a.id > ${from.id})
      order by a.updated_at, a.id
      limit ${limit}
    ),
    changed as (
      select n.*, ${OLD_COLUMNS}
      from batch n left join application_rollup_contributions c on c.application_id = n.id
      where ${CONTRIBUTION_CHANGED}
    ),
    cells as (
      select ${CELL_KEY}, sum(n)::bigint as n, sum(amount)::bigint as amount
      from (${MOVES_FROM_CHANGED}) moves
      group by ${CELL_KEY}
      having sum(n) <> 0 or sum(amount) <> 0
    ),
    into_cells as (
      insert into application_rollups as r (${CELL_KEY}, count, amount)
      select ${CELL_KEY}, n, amount from cells
      on conflict (${CELL_KEY}) do update set count = r.count + excluded.count, amount = r.amount + excluded.amount
      returning 1
    ),
    into_contributions as (
      insert into application_rollup_contributions as c (application_id, ${CELL_KEY}, amount)
      select id, ${CELL_KEY}, amount from changed
      on conflict (application_id) do update set day = excluded.day, project_id = excluded.project_id, type = excluded.type,
        product = excluded.product, method = excluded.method, currency = excluded.currency, status = excluded.status,
        amount = excluded.amount
      returning 1
    ),
    last as (select updated_at, id from batch order by updated_at desc, id desc limit 1)
    select (select count(*) from batch)::int as read,
           (select count(*) from into_contributions)::int as changed,
           (select count(*) from into_cells)::int as cells,
           (select ${utcMicrosText(sql`updated_at`)} from last) as last_at,
           (select id from last) as last_id`,
  );
  const read = Number(row?.read ?? 0);
  const changed = Number(row?.changed ?? 0);
  const last = row?.last_at == null ? null : { at: String(row.last_at), id: Number(row.last_id) };
  if (changed > 0) await tx.execute(sql`delete from application_rollups where count = 0 and amount = 0`);
  if (last) {
    // Forward only, and never past the database's clock.
    await tx.execute(sql`
      update job_watermarks w set position_at = p.at, position_id = p.id, updated_at = now()
      from (select least(${last.at}::timestamptz, now()) as at,
                   case when ${last.at}::timestamptz > now() then 0 else ${last.id}::bigint end as id) p
      where w.name = ${name} and (p.at, p.id) > (w.position_at, w.position_id)`);
  }
  if (read < limit) {
    // Caught up: everything committed before this transaction began has been read.
    await tx.execute(
      sql`update job_watermarks set complete_at = greatest(complete_at, now()), updated_at = now() where name = ${name}`,
    );
  }
  return { read, changed, last };
}

/**
 * Folds the applications changed since the watermarks into the rollups, one transaction per batch, the
 * two types in turn, until both are caught up or the budget is spent.
 */
export async function foldRollups(db: Database, options: FoldOptions = {}): Promise<FoldResult> {
  const { batchSize = 5_000, budgetMs = RUN_BUDGET_MS, overlapSeconds = ROLLUP_OVERLAP_SECONDS } = options;
  const deadline = Date.now() + budgetMs;
  await ensureWatermarks(db);
  const pending = new Map<ApplicationType, Position>();
  for (const type of APPLICATION_TYPES) pending.set(type, await runStart(db, type, overlapSeconds));
  const result: FoldResult = { read: 0, changed: 0, more: false };
  while (pending.size > 0) {
    for (const [type, from] of pending) {
      const batch = await db.transaction((tx) => foldBatch(tx, type, from, batchSize));
      result.read += batch.read;
      result.changed += batch.changed;
      if (batch.read < batchSize || !batch.last) pending.delete(type);
      else pending.set(type, batch.last);
    }
    if (pending.size > 0 && Date.now() >= deadline) {
      result.more = true;
      break;
    }
  }
  return result;
}

/** The leased rollup step of the reconciliation loop: one instance folds at a time, on every tick. */
export async function runRollupFold(db: Database): Promise<FoldResult | null> {
  if (!(await claimJobLease(db, LEASE_NAME, LEASE_SECONDS))) return null;
  try {
    const result = await foldRollups(db);
    if (result.more) logger.info("rollups: backlog, folding continues next tick", { read: result.read, changed: result.changed });
    else if (result.changed > 0) logger.debug("rollups folded", { read: result.read, changed: result.changed });
    return result;
  } finally {
    await shortenJobLease(db, LEASE_NAME, 0);
  }
}

export interface RebuildResult {
  applications: number;
  cells: number;
}

/**
 * Recomputes every rollup and contribution from the applications, in one transaction: readers keep the
 * old figures until it commits, folds wait for it. The watermarks restart at the rebuild's start, so the
 * next fold re-reads the overlap before it and folds whatever committed meanwhile.
 */
export async function rebuildRollups(db: Database): Promise<RebuildResult> {
  await ensureWatermarks(db);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select 1 from job_watermarks where name in (${sql.join(
        WATERMARK_NAMES.map((n) => sql`${n}`),
        sql`, `,
      )}) order by name for update`,
    );
    // DELETE, not TRUNCATE: the app's database role has row privileges only (docs/database-roles.md).
    await tx.execute(sql`delete from application_rollup_contributions`);
    await tx.execute(sql`
      insert into application_rollup_contributions (application_id, ${CELL_KEY}, amount)
      select a.id, ${CONTRIBUTION} from applications a`);
    await tx.execute(sql`delete from application_rollups`);
    await tx.execute(sql`
      insert into application_rollups (${CELL_KEY}, count, amount)
      select ${CELL_KEY}, count(*), sum(amount)::bigint from application_rollup_contributions group by ${CELL_KEY}`);
    // The triggers have moved the month cells along; recomputed all the same, so that a rebuild repairs them too.
    await tx.execute(sql`delete from application_rollup_months`);
    await tx.execute(sql`insert into application_rollup_months (month, project_id, type, product, method, currency, status, count, amount)
      ${DAY_CELLS_BY_MONTH}`);
    await tx.execute(sql`
      update job_watermarks set position_at = now(), position_id = 0, complete_at = now(), updated_at = now()
      where name in (${sql.join(
        WATERMARK_NAMES.map((n) => sql`${n}`),
        sql`, `,
      )})`);
    const [row] = await executeRows(
      tx,
      sql`select (select count(*) from application_rollup_contributions)::int as applications,
                 (select count(*) from application_rollups)::int as cells`,
    );
    return { applications: Number(row?.applications ?? 0), cells: Number(row?.cells ?? 0) };
  });
}
