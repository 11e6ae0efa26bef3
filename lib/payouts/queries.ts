import "server-only";
import { sql } from "drizzle-orm";
import type { SubmissionState } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";

export interface OpenPayoutCount {
  submission: SubmissionState;
  /** HighHelp's status; '' while it has not answered. */
  status: string;
  count: number;
}

/**
 * Payouts not final yet (no `success` nor `decline`), by submission state and status. The predicate is
 * word for word the one of applications_open_payouts_idx, so this is an index-only scan over the open
 * payouts, cheap enough for every metrics scrape.
 */
export async function countOpenPayouts(db: Pick<Database, "execute">): Promise<OpenPayoutCount[]> {
  const rows = await executeRows<{ submission: SubmissionState; status: string | null; n: number | string }>(
    db,
    sql`select submission, status, count(*) as n from applications
        where type = 'payout' and (status is null or status not in ('success', 'decline'))
        group by submission, status`,
  );
  return rows.map((r) => ({ submission: r.submission, status: r.status ?? "", count: Number(r.n) }));
}
