import "server-only";
import { auditLog } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";

export interface AuditActor {
  userId: number | null;
  email: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEntryInput {
  action: string;
  targetType: "application" | "user" | "register" | "saved_view" | "webhook" | "system";
  targetId?: string | null;
  applicationId?: number | null;
  details?: Record<string, unknown>;
}

/** Appends one audit entry (the table refuses updates and deletes). */
export async function recordAudit(db: Pick<Database, "insert">, actor: AuditActor, entry: AuditEntryInput): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    ipAddress: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    applicationId: entry.applicationId ?? null,
    details: entry.details ?? null,
  });
}
