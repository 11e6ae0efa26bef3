import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { executeRows } from "@/lib/server/sql";

/*
 * The search key of applications written before it existed (drizzle/migrations/0034_search_key.sql explains the key;
 * a trigger writes it on every new or changed row). The maintenance loop fills the rest in batches, each its own short
 * transaction, skipping rows another writer holds: a list search reads an unfilled row the slow way meanwhile, never
 * wrongly. Once every row has its key, a pass is one probe of an empty index.
 */

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
        where id in (select id from applications where search_key is null order by id limit ${batchSize} for update skip locked)
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
