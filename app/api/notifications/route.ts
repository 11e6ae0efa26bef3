import { authorize } from "@/lib/accounts/authorize";
import { latestNotifications } from "@/lib/notifications/queries";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { navBadges } from "@/lib/work/badges";

/**
 * Polled by the bell (components/notifications/notifications-poll.tsx): the user's latest notifications, the
 * unread count, and the navigation's counts for the queues this user may act on (a queue they may not act on
 * is left out). A passive request: it does not renew the session (lib/accounts/passive-requests.ts).
 */
export async function GET(): Promise<Response> {
  const user = await authorize("notifications:read");
  if (user instanceof AppError) return errorResponse(user);
  const db = await getDb();
  const [{ unread, items }, badges] = await Promise.all([latestNotifications(db, user.id), navBadges(user, db)]);
  return Response.json(
    {
      unread,
      items: items.map((item) => ({
        ...item,
        readAt: item.readAt?.toISOString() ?? null,
        createdAt: item.createdAt.toISOString(),
      })),
      badges: Object.fromEntries(Object.entries(badges).filter(([, count]) => count !== null)),
    },
    { headers: { "cache-control": "no-store" } },
  );
}
