import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";

/** Reasons under which a genuine alert with another signature profile (or key) lands in the quarantine. */
export const SIGNATURE_REFUSALS = ["bad_signature", "malformed_signature", "missing_signature", "stale_timestamp"] as const;

/** Signature refusals quarantined in the last 24 hours: how many, and the newest one's id (for the diagnose command). */
export async function recentSignatureRefusals(db: Database): Promise<{ count: number; newestId: number | null }> {
  const [row] = await executeRows<{ n: unknown; newest: unknown }>(
    db,
    sql`
    select count(*) as n, max(id) as newest from callback_quarantine
    where received_at > now() - interval '24 hours'
      and reason in (${sql.join(
        SIGNATURE_REFUSALS.map((r) => sql`${r}`),
        sql`, `,
      )})`,
  );
  return { count: Number(row?.n ?? 0), newestId: row?.newest == null ? null : Number(row.newest) };
}
