import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { notifications, workItems, workNotes } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { ProjectScope } from "@/lib/accounts/register-scope";
import { findApplication } from "@/lib/applications/queries";
import { businessDayStart } from "@/lib/dates/business-day";
import type { Database } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { assignableUsers, findWorkItem } from "./queries";
import type { Resolution } from "./schemas";

type Actor = AuditActor & { userId: number };
type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** The open item, locked, within scope; a resolved or unknown one is refused as not found. */
async function openItem(tx: Tx, itemId: number, scope: ProjectScope) {
  const item = await findWorkItem(tx, itemId, scope);
  if (!item || item.resolvedAt !== null) throw new AppError("not_found:work_item", "queue.errors.gone");
  await tx.select({ id: workItems.id }).from(workItems).where(eq(workItems.id, itemId)).for("update");
  return item;
}

/** Assigns an item to a colleague (or to nobody); the new assignee is notified in the same transaction. */
export async function assignItem(
  db: Database,
  itemId: number,
  assigneeId: number | null,
  actor: Actor,
  scope: ProjectScope,
): Promise<void> {
  await db.transaction(async (tx) => {
    const item = await openItem(tx, itemId, scope);
    if (assigneeId !== null) {
      const allowed = await assignableUsers(tx, item.projectId);
      if (!allowed.some((u) => u.id === assigneeId)) throw new AppError("bad_request:assignee", "queue.errors.assignee");
    }
    if (item.assigneeId === assigneeId) return;
    await tx.update(workItems).set({ assigneeId }).where(eq(workItems.id, itemId));
    if (assigneeId !== null && assigneeId !== actor.userId) {
      await tx.insert(notifications).values({
        userId: assigneeId,
        kind: "item_assigned",
        applicationId: item.applicationId,
        payload: { reason: item.reason, by: actor.email },
      });
    }
    await recordAudit(tx, actor, {
      action: "queue.assign",
      targetType: "application",
      targetId: String(item.applicationId),
      applicationId: item.applicationId,
      details: { itemId, reason: item.reason, from: item.assigneeId, to: assigneeId },
    });
  });
}

/** Adds a note to an application's thread (the application must be within scope). */
export async function addNote(db: Database, applicationId: number, body: string, actor: Actor, scope: ProjectScope) {
  return db.transaction(async (tx) => {
    const app = await findApplication(tx, applicationId, scope);
    if (!app) throw new AppError("not_found:application", "queue.errors.noApplication");
    const [note] = await tx.insert(workNotes).values({ applicationId, authorId: actor.userId, body }).returning();
    await recordAudit(tx, actor, {
      action: "queue.note",
      targetType: "application",
      targetId: String(applicationId),
      applicationId,
      details: { noteId: note!.id, length: body.length },
    });
    return note!;
  });
}

/** Resolves an item: it leaves the queue; the resolution (and its note) stays on the application page. */
export async function resolveItem(
  db: Database,
  input: { itemId: number; resolution: Resolution; ticketRef: string; note: string },
  actor: Actor,
  scope: ProjectScope,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const item = await openItem(tx, input.itemId, scope);
    const ticketRef = input.ticketRef === "" ? null : input.ticketRef;
    await tx
      .update(workItems)
      .set({ resolvedAt: now, resolvedBy: actor.userId, resolution: input.resolution, ticketRef })
      .where(and(eq(workItems.id, item.id), isNull(workItems.resolvedAt)));
    if (input.note !== "") {
      await tx.insert(workNotes).values({ applicationId: item.applicationId, authorId: actor.userId, body: input.note });
    }
    await recordAudit(tx, actor, {
      action: "queue.resolve",
      targetType: "application",
      targetId: String(item.applicationId),
      applicationId: item.applicationId,
      details: { itemId: item.id, reason: item.reason, resolution: input.resolution, ticketRef, note: input.note || null },
    });
  });
}

/** Hides an item from the queue until the start of the given business day (which must be in the future). */
export async function snoozeItem(
  db: Database,
  itemId: number,
  untilDay: string,
  actor: Actor,
  scope: ProjectScope,
  now = new Date(),
): Promise<Date> {
  const until = businessDayStart(untilDay);
  if (Number.isNaN(until.getTime()) || until <= now) {
    throw new AppError("bad_request:validation", "queue.errors.snoozeFuture", { until: ["queue.errors.snoozeFuture"] });
  }
  await db.transaction(async (tx) => {
    const item = await openItem(tx, itemId, scope);
    await tx.update(workItems).set({ snoozedUntil: until }).where(eq(workItems.id, itemId));
    await recordAudit(tx, actor, {
      action: "queue.snooze",
      targetType: "application",
      targetId: String(item.applicationId),
      applicationId: item.applicationId,
      details: { itemId, until: until.toISOString() },
    });
  });
  return until;
}
