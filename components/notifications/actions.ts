"use server";

import { z } from "zod";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { markAllRead, markRead } from "@/lib/notifications/commands";

export const markNotificationReadAction = defineAction(
  { permission: "notifications:read", schema: z.object({ id: z.coerce.number().int().positive() }) },
  async ({ id }, ctx) => {
    await markRead(await getDb(), ctx.user.id, id);
    return { ok: true, data: undefined };
  },
);

export const markAllNotificationsReadAction = defineAction(
  { permission: "notifications:read", schema: z.object({}) },
  async (_input, ctx) => {
    await markAllRead(await getDb(), ctx.user.id);
    return { ok: true, data: undefined };
  },
);
