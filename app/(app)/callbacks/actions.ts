"use server";

import { z } from "zod";
import { rowIdText } from "@/lib/url-state/values";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { reapplyDelivery } from "@/lib/callbacks/log-commands";
import { reconcileNow } from "@/lib/reconcile/reconcile";
import { defineAction, type ActionContext } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { clientForProject } from "@/lib/server/gateway";

const actorOf = (ctx: ActionContext) => ({ userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent });

/** Runs a stored verified delivery through the apply path again; what already happened changes nothing. */
export const reapplyDeliveryAction = defineAction(
  { permission: "callbacks:reapply", stepUp: true, schema: z.object({ deliveryId: rowIdText }) },
  async ({ deliveryId }, ctx) => {
    const result = await reapplyDelivery(await getDb(), deliveryId, actorOf(ctx), allowedProjects(ctx.user));
    return { ok: true, data: { outcome: result.outcome, applicationId: result.applicationId }, message: result.message };
  },
);

/** Asks HighHelp's info about the application now (force reconcile). */
export const reconcileApplicationAction = defineAction(
  { permission: "applications:reconcile", schema: z.object({ applicationId: rowIdText }) },
  async ({ applicationId }, ctx) => {
    const result = await reconcileNow(await getDb(), clientForProject, applicationId, actorOf(ctx), allowedProjects(ctx.user));
    return { ok: true, data: result, message: `callbackLog.reconcile.${result.outcome}` };
  },
);
