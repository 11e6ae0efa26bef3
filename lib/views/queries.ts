import "server-only";
import { and, asc, desc, eq, or, sql, type Placeholder } from "drizzle-orm";
import { defaultViews, savedViews, users } from "@/drizzle/schema";
import type { ApplicationType } from "@/lib/highhelp/status";
import { cache } from "react";
import { getDb, type Database } from "@/lib/server/db";
import { preparedOnce } from "@/lib/server/sql";

/*
 * Saved list views a user may see: their own, and those shared with the team (everyone who may read the list
 * sees those; the page checks that permission).
 */

export interface VisibleView {
  id: number;
  name: string;
  query: string;
  shared: boolean;
  mine: boolean;
  ownerEmail: string;
  isDefault: boolean;
}

/** Their own, or shared with the team. */
const visibleTo = (userId: number | Placeholder) => or(eq(savedViews.ownerId, userId), eq(savedViews.shared, true))!;

/** Read on every list page: prepared once, for `userId` and `listType`. */
const visibleViewsStatement = (db: Database) =>
  preparedOnce(db, "visible_views", (db, name) => {
    const userId = sql.placeholder("userId");
    const listType = sql.placeholder("listType");
    return db
      .select({
        id: savedViews.id,
        name: savedViews.name,
        query: savedViews.query,
        shared: savedViews.shared,
        ownerId: savedViews.ownerId,
        ownerEmail: users.email,
        defaultOf: defaultViews.userId,
      })
      .from(savedViews)
      .innerJoin(users, eq(users.id, savedViews.ownerId))
      .leftJoin(
        defaultViews,
        and(eq(defaultViews.viewId, savedViews.id), eq(defaultViews.userId, userId), eq(defaultViews.listType, listType)),
      )
      .where(and(eq(savedViews.listType, listType), visibleTo(userId)))
      .orderBy(desc(sql`${savedViews.ownerId} = ${userId}`), asc(savedViews.name), asc(savedViews.id))
      .prepare(name);
  });

/** The views of a list the user may pick: their own first, then the shared ones, each by name. */
export async function listVisibleViews(db: Database, userId: number, listType: ApplicationType): Promise<VisibleView[]> {
  const rows = await visibleViewsStatement(db).execute({ userId, listType });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    query: r.query,
    shared: r.shared,
    mine: r.ownerId === userId,
    ownerEmail: r.ownerEmail,
    isDefault: r.defaultOf !== null,
  }));
}

/**
 * listVisibleViews once per request: the list page reads it for the bare URL's default view and again for its
 * menu, and the second read costs nothing.
 */
export const visibleViewsOfRequest = cache(async (userId: number, listType: ApplicationType) =>
  listVisibleViews(await getDb(), userId, listType),
);

/** The user's default view of a list, if it is still one they may see (a view unshared since is not applied). */
export async function findDefaultView(
  db: Database,
  userId: number,
  listType: ApplicationType,
): Promise<{ id: number; query: string } | null> {
  const [row] = await db
    .select({ id: savedViews.id, query: savedViews.query })
    .from(defaultViews)
    .innerJoin(savedViews, eq(savedViews.id, defaultViews.viewId))
    .where(and(eq(defaultViews.userId, userId), eq(defaultViews.listType, listType), visibleTo(userId)))
    .limit(1);
  return row ?? null;
}

/** One view the user may see, or null. */
export async function findVisibleView(db: Database, userId: number, id: number) {
  const [row] = await db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.id, id), visibleTo(userId)))
    .limit(1);
  return row ?? null;
}
