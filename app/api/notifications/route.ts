import { authorize } from "@/lib/accounts/authorize";
import { latestNotifications } from "@/lib/notifications/queries";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";

/** Polled by the bell (components/notifications/notification-bell.tsx): the user's latest notifications and the unread count. */
export async function GET(): Promise<Response> {
  const user = await authorize("notifications:read");
  if (user instanceof AppError) return errorResponse(user);
  const { unread, items } = await latestNotifications(await getDb(), user.id);
  return Response.json(
    {
      unread,
      items: items.map((item) => ({
        ...item,
        readAt: item.readAt?.toISOString() ?? null,
        createdAt: item.createdAt.toISOString(),
      })),
    },
    { headers: { "cache-control": "no-store" } },
  );
}
