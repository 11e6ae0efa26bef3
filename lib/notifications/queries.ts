import "server-only";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { applications, notifications, type NotificationKind } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  applicationId: number | null;
  paymentId: string | null;
  payload: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}

/** The bell's list: a user's latest notifications, newest first, and how many are unread. */
export async function latestNotifications(
  db: Database,
  userId: number,
  limit = 20,
): Promise<{ unread: number; items: NotificationRow[] }> {
  const [items, [unread]] = await Promise.all([
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        applicationId: notifications.applicationId,
        paymentId: applications.paymentId,
        payload: notifications.payload,
        readAt: notifications.readAt,
        createdAt: notifications.createdAt,
      })
      .from(notifications)
      .leftJoin(applications, eq(applications.id, notifications.applicationId))
      .where(eq(notifications.userId, userId))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
  ]);
  return {
    unread: unread?.n ?? 0,
    items: items.map((item) => ({ ...item, payload: (item.payload ?? {}) as Record<string, unknown> })),
  };
}
