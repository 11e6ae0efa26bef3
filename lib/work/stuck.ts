import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";

/** A payout still `processing` this long after its last status event is stuck: someone should ask HighHelp. */
export const PAYOUT_STUCK_AFTER_MS = 2 * 60 * 60 * 1000;

/**
 * The periodic stuck rule, run by the reconciliation loop: opens `expired` items for non-final applications past
 * their lifetime (the old "needs attention" expiry rule, on its partial index) and `payout_stuck` items for payouts
 * processing longer than PAYOUT_STUCK_AFTER_MS (on the open payouts' index). An application already in the queue
 * keeps its item; one whose item of that reason was opened since its last status event is not opened again, so a
 * stuck item someone resolved comes back only after the application moves and is stuck again.
 */
export async function runStuckRule(db: Database, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const stuckBefore = new Date(now.getTime() - PAYOUT_STUCK_AFTER_MS).toISOString();
  const rows = await executeRows<{ id: unknown }>(
    db,
    sql`with candidates as (
          select a.id, a.project_id, a.type, a.sub_status, a.created_at, a.last_event_at, 'expired'::work_reason as reason
          from applications a
          where ((a.status in ('dispute', 'error') or (a.old_amount is not null and a.old_amount <> a.amount))
              or (a.expires_at is not null and a.status is distinct from 'success' and a.status is distinct from 'decline'))
            and a.expires_at is not null and a.status is distinct from 'success' and a.status is distinct from 'decline'
            and a.expires_at < ${at}::timestamptz
          union all
          select a.id, a.project_id, a.type, a.sub_status, a.created_at, a.last_event_at, 'payout_stuck'::work_reason
          from applications a
          where a.type = 'payout' and (a.status is null or a.status not in ('success', 'decline'))
            and a.status = 'processing' and coalesce(a.last_event_at, a.created_at) < ${stuckBefore}::timestamptz
        )
        insert into work_items (application_id, project_id, application_type, reason, sub_status, created_at, updated_at)
        select distinct on (c.id) c.id, c.project_id, c.type, c.reason, c.sub_status, ${at}::timestamptz, ${at}::timestamptz
        from candidates c
        where not exists (select 1 from work_items w where w.application_id = c.id and w.resolved_at is null)
          and not exists (select 1 from work_items w where w.application_id = c.id and w.reason = c.reason
                          and w.created_at >= coalesce(c.last_event_at, c.created_at))
        order by c.id, c.reason
        on conflict (application_id) where resolved_at is null do nothing
        returning id`,
  );
  return rows.length;
}
