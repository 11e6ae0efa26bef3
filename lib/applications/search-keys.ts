import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { executeRows } from "@/lib/server/sql";

/*
 * The search keys of applications written before they existed (drizzle/migrations/0034_search_key.sql and
 * 0040_name_keys.sql explain them; a trigger writes all of them on every new or changed row, this job's update of
 * search_key included). A row whose name key is null is one still to rewrite. The maintenance loop fills them in
 * batches, each its own short transaction, skipping rows another writer holds: a list search reads an unfilled row by
 * its customer document meanwhile, never wrongly. Once every row has its keys, a pass is one probe of an empty index.
 */

/**
 * "filled": every application has its name keys, and the list's search reads them alone; "filling": some do not yet,
 * and the search also reads those rows by their customer document (lib/applications/list-queries.ts searchArms).
 */
export type SearchKeys = "filled" | "filling";

/**
 * Once every row of a database has its keys, they stay filled: the trigger writes them on every insert and update.
 * Remembered per database, so that a search asks once per process after the fill.
 */
const filledDatabases = new WeakSet<Database>();
/** A probe under way, shared by the reads of one list (its page, count and totals ask at once). */
const probes = new WeakMap<Database, Promise<SearchKeys>>();

/** Whether every application has its name keys: one probe of the missing-keys index until it says so. */
export function searchKeysState(db: Database): Promise<SearchKeys> {
  if (filledDatabases.has(db)) return Promise.resolve("filled");
  let probe = probes.get(db);
  if (!probe) {
    probe = executeRows<{ missing: unknown }>(
      db,
      sql`select exists (select 1 from applications where customer_name_key is null) as missing`,
    )
      .then(([row]): SearchKeys => {
        if (row?.missing !== false) return "filling";
        filledDatabases.add(db);
        return "filled";
      })
      .finally(() => probes.delete(db));
    probes.set(db, probe);
  }
  return probe;
}

/** For a test or tool that clears keys behind the trigger's back: the next search asks again. */
export function forgetSearchKeysState(db: Database): void {
  filledDatabases.delete(db);
  probes.delete(db);
}

export interface SearchKeyFillOptions {
  /** Applications per transaction. */
  batchSize?: number;
  /** Transactions per pass: the rest waits for the next pass. */
  maxBatches?: number;
}

export interface SearchKeyFill {
  filled: number;
  /** The pass stopped at `maxBatches` with rows left. */
  more: boolean;
}

export async function fillSearchKeys(db: Database, options: SearchKeyFillOptions = {}): Promise<SearchKeyFill> {
  const { batchSize = 1_000, maxBatches = 50 } = options;
  let filled = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const [row] = await executeRows<{ n: unknown }>(
      db,
      sql`
      with filled as (
        update applications set search_key = applications_search_key(
          payment_id, request_id, customer_id, sender_card_holder, receiver_card_holder, customer)
        where id in (select id from applications where customer_name_key is null order by id limit ${batchSize} for update skip locked)
        returning 1)
      select count(*) as n from filled`,
    );
    const n = Number(row?.n ?? 0);
    filled += n;
    if (n < batchSize) return { filled, more: false };
  }
  return { filled, more: true };
}

/** One pass of the maintenance loop. */
export async function runSearchKeyFill(db: Database): Promise<void> {
  const { filled, more } = await fillSearchKeys(db);
  if (filled > 0) logger.info("search keys filled", { filled, more });
}
