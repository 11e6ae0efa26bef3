import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { WORK_REASONS, notifications, workItems, workNotes, type WorkItem, type WorkReason } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import { findApplication } from "@/lib/applications/queries";
import { businessDayStart } from "@/lib/dates/business-day";
import type { Database } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { assignableUsers, tabItemIds } from "./queries";
import { BULK_TAB_MAX, type BulkInput, type Resolution } from "./schemas";

type Actor = AuditActor & { userId: number };
type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** The item within scope, locked, if it is still open; null when resolved or unknown (or outside the scope). */
async function lockOpenItem(tx: Tx, itemId: number, scope: ProjectScope): Promise<WorkItem | null> {
  const [item] = await tx
    .select()
    .from(workItems)
    .where(and(eq(workItems.id, itemId), projectScopeWhere(scope, workItems.projectId)))
    .for("update");
  return item && item.resolvedAt === null ? item : null;
}

/** The open item, locked, within scope; a resolved or unknown one is refused as not found. */
async function openItem(tx: Tx, itemId: number, scope: ProjectScope): Promise<WorkItem> {
  const item = await lockOpenItem(tx, itemId, scope);
  if (!item) throw new AppError("not_found:work_item", "queue.errors.gone");
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
  await db.transaction(async (tx) => assign(tx, await openItem(tx, itemId, scope), assigneeId, actor));
}

type Assignable = (projectId: string) => ReturnType<typeof assignableUsers>;

async function assign(
  tx: Tx,
  item: WorkItem,
  assigneeId: number | null,
  actor: Actor,
  assignable: Assignable = (projectId) => assignableUsers(tx, projectId),
): Promise<void> {
  if (assigneeId !== null) {
    const allowed = await assignable(item.projectId);
    if (!allowed.some((u) => u.id === assigneeId)) throw new AppError("bad_request:assignee", "queue.errors.assignee");
  }
  if (item.assigneeId === assigneeId) return;
  await tx.update(workItems).set({ assigneeId }).where(eq(workItems.id, item.id));
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
    details: { itemId: item.id, reason: item.reason, from: item.assigneeId, to: assigneeId },
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

type ResolveInput = { resolution: Resolution; ticketRef: string; note: string };

/** Resolves an item: it leaves the queue; the resolution (and its note) stays on the application page. */
export async function resolveItem(
  db: Database,
  input: ResolveInput & { itemId: number },
  actor: Actor,
  scope: ProjectScope,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => resolve(tx, await openItem(tx, input.itemId, scope), input, actor, now));
}

async function resolve(tx: Tx, item: WorkItem, input: ResolveInput, actor: Actor, now: Date): Promise<void> {
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
}

/** The start of business day `untilDay`, which must be after `now`: when a snoozed item comes back. */
function snoozeEnd(untilDay: string, now: Date): Date {
  const until = businessDayStart(untilDay);
  if (Number.isNaN(until.getTime()) || until <= now) {
    throw new AppError("bad_request:validation", "queue.errors.snoozeFuture", { until: ["queue.errors.snoozeFuture"] });
  }
  return until;
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
  const until = snoozeEnd(untilDay, now);
  await db.transaction(async (tx) => snooze(tx, await openItem(tx, itemId, scope), until, actor));
  return until;
}

async function snooze(tx: Tx, item: WorkItem, until: Date, actor: Actor): Promise<void> {
  await tx.update(workItems).set({ snoozedUntil: until }).where(eq(workItems.id, item.id));
  await recordAudit(tx, actor, {
    action: "queue.snooze",
    targetType: "application",
    targetId: String(item.applicationId),
    applicationId: item.applicationId,
    details: { itemId: item.id, until: until.toISOString() },
  });
}

/**
 * One action on several items, each done and audited as its own action would do it, all in one transaction: an
 * error leaves every item as it was. The items are the ticked ones, or a whole tab's oldest BULK_TAB_MAX (`more`: the
 * tab held more). Items someone else resolved meanwhile (or that closed by themselves) are skipped and counted as
 * `gone`. Items are locked in id order, so two people working overlapping selections wait for each other instead of
 * deadlocking.
 */
export async function workOnItems(
  db: Database,
  input: BulkInput,
  actor: Actor,
  scope: ProjectScope,
  now = new Date(),
  tabMax = BULK_TAB_MAX,
): Promise<{ done: number; gone: number; more: boolean }> {
  const until = input.do === "snooze" ? snoozeEnd(input.until, now) : null;
  const tab = input.tab ? { reason: workReason(input.tab.reason), assigneeId: input.tab.mine ? actor.userId : null } : null;
  return db.transaction(async (tx) => {
    let chosen = input.itemIds;
    let more = false;
    if (tab) {
      chosen = await tabItemIds(tx, scope, tab, now, tabMax + 1);
      more = chosen.length > tabMax;
      chosen = chosen.slice(0, tabMax);
    }
    const ids = [...new Set(chosen)].sort((a, b) => a - b);
    // Who may work each register's queue, read once per register, not once per item.
    const byProject = new Map<string, ReturnType<typeof assignableUsers>>();
    const assignable: Assignable = (projectId) => {
      if (!byProject.has(projectId)) byProject.set(projectId, assignableUsers(tx, projectId));
      return byProject.get(projectId)!;
    };
    let done = 0;
    for (const id of ids) {
      const item = await lockOpenItem(tx, id, scope);
      if (!item) continue;
      if (input.do === "assign_to_me") await assign(tx, item, actor.userId, actor, assignable);
      else if (input.do === "snooze") await snooze(tx, item, until!, actor);
      else await resolve(tx, item, { resolution: input.resolution!, ticketRef: input.ticketRef, note: input.note }, actor, now);
      done += 1;
    }
    return { done, gone: ids.length - done, more };
  });
}

/** A tab's reason as sent by the browser: one of the queue's, or null for every reason. */
function workReason(reason: string | null): WorkReason | null {
  if (reason === null) return null;
  if (!(WORK_REASONS as readonly string[]).includes(reason)) throw new AppError("bad_request:validation", "queue.errors.tab");
  return reason as WorkReason;
}
