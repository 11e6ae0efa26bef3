import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";

export interface PollBacklog {
  /** Applications whose next poll is due (at or before `now`), leased ones included. */
  due: number;
  /** How long the most overdue one has waited, seconds; 0 when none is due. */
  lagSeconds: number;
}

/** What the reconciliation job has yet to do: a range scan of applications_next_poll_idx up to `now`. */
export async function pollBacklog(db: Pick<Database, "execute">, now = new Date()): Promise<PollBacklog> {
  const [row] = await executeRows<{ due: number | string; oldest: Date | string | null }>(
    db,
    sql`select count(*) as due, min(next_poll_at) as oldest from applications
        where next_poll_at is not null and next_poll_at <= ${now.toISOString()}::timestamptz`,
  );
  const oldest = row?.oldest == null ? null : new Date(row.oldest);
  return {
    due: Number(row?.due ?? 0),
    lagSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000),
  };
}
