import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { notifications } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";

/** Marks one of the user's notifications read (another user's id changes nothing). */
export async function markRead(db: Database, userId: number, id: number, now = new Date()): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function markAllRead(db: Database, userId: number, now = new Date()): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
