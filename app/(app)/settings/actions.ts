"use server";

import { revalidatePath } from "next/cache";
import { defineAction, type ActionContext, type ActionResult } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { rotateWebhookSecret, saveWebhook, sendTestEvent, setWebhookEnabled } from "@/lib/webhooks/commands";
import { noInputSchema, saveWebhookSchema, setWebhookEnabledSchema } from "@/lib/webhooks/schemas";

/*
 * The outgoing webhook (admins). A new signing secret is in the answer of the action that made it, once; no page
 * or action reads it back.
 */

const actor = (ctx: ActionContext) => ({ userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent });

export const saveWebhookAction = defineAction(
  { permission: "webhooks:manage", schema: saveWebhookSchema, stepUp: true },
  async (input, ctx): Promise<ActionResult<{ secret: string | null }>> => {
    const result = await saveWebhook(await getDb(), input, actor(ctx));
    revalidatePath("/settings");
    return { ok: true, data: result, message: result.secret ? "webhooks.done.created" : "webhooks.done.saved" };
  },
);

export const rotateWebhookSecretAction = defineAction(
  { permission: "webhooks:manage", schema: noInputSchema, stepUp: true },
  async (_input, ctx): Promise<ActionResult<{ secret: string }>> => {
    const result = await rotateWebhookSecret(await getDb(), actor(ctx));
    revalidatePath("/settings");
    return { ok: true, data: result, message: "webhooks.done.rotated" };
  },
);

export const setWebhookEnabledAction = defineAction(
  { permission: "webhooks:manage", schema: setWebhookEnabledSchema, stepUp: true },
  async (input, ctx) => {
    await setWebhookEnabled(await getDb(), input.enabled, actor(ctx));
    revalidatePath("/settings");
    return { ok: true, data: undefined, message: input.enabled ? "webhooks.done.enabled" : "webhooks.done.disabled" };
  },
);

export const sendWebhookTestAction = defineAction(
  { permission: "webhooks:manage", schema: noInputSchema, stepUp: true },
  async (_input, ctx): Promise<ActionResult<{ delivered: boolean }>> => {
    const { result } = await sendTestEvent(await getDb(), actor(ctx));
    revalidatePath("/settings");
    if (result?.ok) return { ok: true, data: { delivered: true }, message: "webhooks.done.testDelivered" };
    return { ok: true, data: { delivered: false }, message: "webhooks.done.testFailed" };
  },
);
