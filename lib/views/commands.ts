import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { defaultViews, savedViews } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import { listSearchParams, listState, parseListParams } from "@/lib/applications/url-state";
import type { ApplicationType } from "@/lib/highhelp/status";
import { AppError } from "@/lib/server/errors";
import type { Database } from "@/lib/server/db";
import { findVisibleView } from "./queries";
import { VIEW_QUERY_MAX, type SaveViewInput } from "./schemas";

/*
 * Saving, deleting and choosing saved list views; every change is audited. A view holds the list's URL query
 * as the list itself would write it: parsed, defaults and page position left out.
 */

export interface ViewActor extends AuditActor {
  userId: number;
  /** May share views with the team (the views:share permission). */
  canShare: boolean;
}

/** The list state a view keeps: every filter, the view tab, order and page size; never a cursor. */
export function viewQuery(query: string): string {
  const state = listState(parseListParams(new URLSearchParams(query)));
  return listSearchParams(state, { after: null, before: null, saved: null }).toString();
}

/** Saves the list state under a name; a name the user already has for this list is overwritten. */
export async function saveView(db: Database, actor: ViewActor, input: SaveViewInput): Promise<{ id: number }> {
  if (input.shared && !actor.canShare) throw new AppError("forbidden:views:share", "savedViews.errors.cannotShare");
  const query = viewQuery(input.query);
  if (query.length > VIEW_QUERY_MAX) {
    throw new AppError("bad_request:validation", "savedViews.errors.queryTooLong", { query: ["savedViews.errors.queryTooLong"] });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(savedViews)
      .values({ ownerId: actor.userId, listType: input.listType, name: input.name, query, shared: input.shared })
      .onConflictDoUpdate({
        target: [savedViews.ownerId, savedViews.listType, savedViews.name],
        set: { query, shared: input.shared, updatedAt: sql`now()` },
      })
      .returning({ id: savedViews.id });
    await recordAudit(tx, actor, {
      action: "view.save",
      targetType: "saved_view",
      targetId: String(row!.id),
      details: { list: input.listType, name: input.name, query, shared: input.shared },
    });
    return { id: row!.id };
  });
}

/** Deletes one of the user's own views (and anyone's default pointing at it). */
export async function deleteView(db: Database, actor: ViewActor, id: number): Promise<void> {
  const view = await findVisibleView(db, actor.userId, id);
  if (!view) throw new AppError("not_found:view", "savedViews.errors.notFound");
  if (view.ownerId !== actor.userId) throw new AppError("forbidden:views:owner", "savedViews.errors.notOwner");
  await db.transaction(async (tx) => {
    await tx.delete(savedViews).where(and(eq(savedViews.id, id), eq(savedViews.ownerId, actor.userId)));
    await recordAudit(tx, actor, {
      action: "view.delete",
      targetType: "saved_view",
      targetId: String(id),
      details: { list: view.listType, name: view.name, shared: view.shared },
    });
  });
}

/** Chooses the view a list opens with when its URL has no parameters; `viewId` undefined: none. */
export async function setDefaultView(
  db: Database,
  actor: ViewActor,
  listType: ApplicationType,
  viewId: number | undefined,
): Promise<void> {
  if (viewId !== undefined) {
    const view = await findVisibleView(db, actor.userId, viewId);
    if (!view || view.listType !== listType) throw new AppError("not_found:view", "savedViews.errors.notFound");
  }
  await db.transaction(async (tx) => {
    if (viewId === undefined) {
      await tx.delete(defaultViews).where(and(eq(defaultViews.userId, actor.userId), eq(defaultViews.listType, listType)));
    } else {
      await tx
        .insert(defaultViews)
        .values({ userId: actor.userId, listType, viewId })
        .onConflictDoUpdate({ target: [defaultViews.userId, defaultViews.listType], set: { viewId } });
    }
    await recordAudit(tx, actor, {
      action: "view.default",
      targetType: "saved_view",
      targetId: viewId === undefined ? null : String(viewId),
      details: { list: listType },
    });
  });
}
