import { count, desc, eq } from "drizzle-orm";
import { applications, type Application } from "@/drizzle/schema";
import type { Database } from "@/lib/db";
import type { ApplicationType } from "@/lib/highhelp/status";

export async function latestApplications(db: Database, type: ApplicationType, limit = 50): Promise<Application[]> {
  return db
    .select()
    .from(applications)
    .where(eq(applications.type, type))
    .orderBy(desc(applications.createdAt), desc(applications.id))
    .limit(limit);
}

export async function countApplications(db: Database): Promise<Record<ApplicationType, number>> {
  const rows = await db.select({ type: applications.type, n: count() }).from(applications).groupBy(applications.type);
  const result: Record<ApplicationType, number> = { payin: 0, payout: 0 };
  for (const row of rows) result[row.type] = row.n;
  return result;
}
