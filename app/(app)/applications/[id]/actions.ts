"use server";

import { z } from "zod";
import { rowIdText } from "@/lib/url-state/values";
import { translateText } from "@/lib/i18n/translate";
import { message as messageOf } from "@/lib/i18n/message";
import { defineAction, type ActionContext } from "@/lib/server/action";
import { runOperation, type OperationName } from "@/lib/applications/commands";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { clientForProject, gatewayForProject } from "@/lib/server/gateway";
import type { Permission } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { cardDigits } from "@/lib/payouts/schemas";
import { approvePayout, rejectPayout, resendPayout } from "@/lib/payouts/submit-payout";

const input = z.object({ applicationId: rowIdText });

function operationAction(operation: OperationName, permission: Permission) {
  return defineAction({ permission, schema: input }, async ({ applicationId }, ctx) => {
    const result = await runOperation(await getDb(), clientForProject, applicationId, operation, actorOf(ctx), scopeOf(ctx));
    if (!result.ok) {
      // The technical detail (HighHelp's own words) goes on a second line, which the page shows under the message.
      const words = translateText(ctx.locale, result.message);
      throw new AppError(result.code, result.detail ? `${words}\n${result.detail}` : words);
    }
    return { ok: true, data: { status: result.status, subStatus: result.subStatus }, message: result.message };
  });
}

export const refreshApplication = operationAction("refresh", "applications:refresh");
export const confirmApplication = operationAction("confirm", "applications:confirm");
export const cancelApplication = operationAction("cancel", "applications:cancel");

const payoutDecision = z.object({ applicationId: rowIdText, pan: z.string().optional() });

function actorOf(ctx: ActionContext) {
  return { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent };
}

const scopeOf = (ctx: ActionContext) => allowedProjects(ctx.user);

/** A second admin approves a payout waiting for approval (card payouts: the card is re-entered). */
export const approvePayoutAction = defineAction(
  { permission: "payouts:approve", schema: payoutDecision, stepUp: true },
  async ({ applicationId, pan }, ctx) => {
    const result = await approvePayout(
      await getDb(),
      gatewayForProject,
      applicationId,
      cardDigits(pan ?? "") ?? undefined,
      actorOf(ctx),
      scopeOf(ctx),
    );
    return {
      ok: true,
      data: { outcome: result.outcome },
      message: messageOf("payoutReview.done.approved", { outcome: result.messageKey }),
    };
  },
);

export const rejectPayoutAction = defineAction(
  {
    permission: "payouts:approve",
    stepUp: true,
    schema: z.object({
      applicationId: rowIdText,
      reason: z
        .string()
        .trim()
        .min(1, "payoutReview.errors.reason")
        .max(255, messageOf("validation.tooLong", { max: 255 })),
    }),
  },
  async ({ applicationId, reason }, ctx) => {
    await rejectPayout(await getDb(), applicationId, reason, actorOf(ctx), scopeOf(ctx));
    return { ok: true, data: undefined, message: "submission.payoutRefusedByAdmin" };
  },
);

/** Resends a payout HighHelp never received, under a new payment_id; opens the new payout. */
export const resendPayoutAction = defineAction(
  { permission: "payouts:create", schema: payoutDecision, stepUp: true },
  async ({ applicationId, pan }, ctx) => {
    const result = await resendPayout(
      await getDb(),
      gatewayForProject,
      applicationId,
      cardDigits(pan ?? "") ?? undefined,
      actorOf(ctx),
      scopeOf(ctx),
    );
    return {
      ok: true,
      data: { applicationId: result.application.id, outcome: result.outcome },
      message: messageOf("payoutReview.done.resent", { paymentId: result.application.paymentId, outcome: result.messageKey }),
    };
  },
);
