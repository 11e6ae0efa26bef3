import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";

/**
 * Claims the named background job for `seconds`, on the database's clock: true for exactly one
 * caller among all instances until the lease runs out, so the job runs once per period whoever asks.
 */
export async function claimJobLease(db: Database, name: string, seconds: number): Promise<boolean> {
  const rows = await executeRows(
    db,
    sql`
    insert into job_leases (name, lease_until) values (${name}, now() + make_interval(secs => ${seconds}))
    on conflict (name) do update set lease_until = excluded.lease_until where job_leases.lease_until <= now()
    returning name`,
  );
  return rows.length > 0;
}

/** Lets the named job run again within `seconds` (sooner than its lease), e.g. while a backlog remains. */
export async function shortenJobLease(db: Database, name: string, seconds: number): Promise<void> {
  await db.execute(
    sql`update job_leases set lease_until = least(lease_until, now() + make_interval(secs => ${seconds})) where name = ${name}`,
  );
}
