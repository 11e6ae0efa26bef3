"use server";

import { z } from "zod";
import { defineAction, type ActionContext } from "@/lib/server/action";
import { runOperation, type OperationName } from "@/lib/applications/commands";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { clientForProject, gatewayForProject } from "@/lib/server/gateway";
import type { Permission } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { cardDigits } from "@/lib/payouts/schemas";
import { approvePayout, rejectPayout, resendPayout } from "@/lib/payouts/submit-payout";

const input = z.object({ applicationId: z.coerce.number().int().positive() });

function operationAction(operation: OperationName, permission: Permission) {
  return defineAction({ permission, schema: input }, async ({ applicationId }, ctx) => {
    const result = await runOperation(await getDb(), clientForProject, applicationId, operation, actorOf(ctx), scopeOf(ctx));
    if (!result.ok) throw new AppError(result.code, result.detail ? `${result.message}\n${result.detail}` : result.message);
    return { ok: true, data: { status: result.status, subStatus: result.subStatus }, message: result.message };
  });
}

export const refreshApplication = operationAction("refresh", "applications:refresh");
export const confirmApplication = operationAction("confirm", "applications:confirm");
export const cancelApplication = operationAction("cancel", "applications:cancel");

const payoutDecision = z.object({ applicationId: z.coerce.number().int().positive(), pan: z.string().optional() });

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
    return { ok: true, data: { outcome: result.outcome }, message: `Approved. ${result.message}` };
  },
);

export const rejectPayoutAction = defineAction(
  {
    permission: "payouts:approve",
    stepUp: true,
    schema: z.object({
      applicationId: z.coerce.number().int().positive(),
      reason: z.string().trim().min(1, "Say why the payout is refused.").max(255, "Use at most 255 characters."),
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
      message: `Resent as ${result.application.paymentId}. ${result.message}`,
    };
  },
);
