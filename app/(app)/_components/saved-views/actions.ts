"use server";

import { revalidatePath } from "next/cache";
import { can } from "@/lib/accounts/permissions";
import { LIST_PATHS } from "@/lib/applications/url-state";
import { defineAction, type ActionContext } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { deleteView, saveView, setDefaultView, type ViewActor } from "@/lib/views/commands";
import { deleteViewSchema, saveViewSchema, setDefaultViewSchema } from "@/lib/views/schemas";

function actorOf(ctx: ActionContext): ViewActor {
  return {
    userId: ctx.user.id,
    email: ctx.user.email,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    canShare: can(ctx.user.role, "views:share"),
  };
}

export const saveViewAction = defineAction({ permission: "applications:read", schema: saveViewSchema }, async (input, ctx) => {
  const { id } = await saveView(await getDb(), actorOf(ctx), input);
  revalidatePath(LIST_PATHS[input.listType]);
  return { ok: true, data: { id }, message: "savedViews.saved" };
});

export const deleteViewAction = defineAction(
  { permission: "applications:read", schema: deleteViewSchema },
  async ({ id }, ctx) => {
    await deleteView(await getDb(), actorOf(ctx), id);
    revalidatePath(LIST_PATHS.payin);
    revalidatePath(LIST_PATHS.payout);
    return { ok: true, data: undefined, message: "savedViews.deleted" };
  },
);

export const setDefaultViewAction = defineAction(
  { permission: "applications:read", schema: setDefaultViewSchema },
  async ({ listType, viewId }, ctx) => {
    await setDefaultView(await getDb(), actorOf(ctx), listType, viewId);
    revalidatePath(LIST_PATHS[listType]);
    return { ok: true, data: undefined, message: viewId === undefined ? "savedViews.defaultCleared" : "savedViews.defaultSet" };
  },
);
