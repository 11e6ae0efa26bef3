"use server";

import { defineAction, type ActionContext, type ActionResult } from "@/lib/server/action";
import type { SubmitOutcome } from "@/lib/applications/submission";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { paymentIdFromToken } from "@/lib/applications/form-token";
import { gatewayForNewApplication } from "@/lib/server/gateway";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { payoutFormSchema, type PayoutForm } from "@/lib/payouts/schemas";
import { formTokenSchema } from "@/lib/applications/schemas";
import { findApplicationIdOfForm } from "@/lib/applications/queries";
import { createPayout, reviewPayout, type PayoutReview } from "@/lib/payouts/submit-payout";

function paymentIdOf(form: PayoutForm): string {
  const paymentId = paymentIdFromToken(form.token);
  if (!paymentId) throw new AppError("bad_request:form_token", "common.formExpired");
  return paymentId;
}

function requestOf(form: PayoutForm) {
  return {
    paymentId: paymentIdOf(form),
    method: form.method,
    pan: form.pan,
    phone: form.phone,
    cardHolder: form.cardHolder,
    amount: form.amount,
    currency: form.currency,
    description: form.description,
    customer: {
      ...(form.customerId ? { id: form.customerId } : {}),
      ...(form.customerFirstName ? { first_name: form.customerFirstName } : {}),
      ...(form.customerLastName ? { last_name: form.customerLastName } : {}),
      ...(form.customerEmail ? { email: form.customerEmail } : {}),
      ...(form.customerCountry ? { country: form.customerCountry } : {}),
    },
  };
}

function actorOf(ctx: ActionContext) {
  return { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent };
}

/** The review step: checks the form and the limits, sends nothing, and says what would be sent. */
export const reviewNewPayout = defineAction(
  { permission: "payouts:create", schema: payoutFormSchema },
  async (form, ctx): Promise<ActionResult<PayoutReview & { register: string }>> => {
    const gateway = await gatewayForNewApplication(
      { register: form.register, currency: form.currency, method: form.method },
      allowedProjects(ctx.user),
    );
    const review = { ...(await reviewPayout(await getDb(), requestOf(form), actorOf(ctx))), register: gateway.name };
    if (review.limitProblem)
      throw new AppError("bad_request:payout_limit", review.limitProblem, { amount: [review.limitProblem] });
    return { ok: true, data: review };
  },
);

/**
 * Creates the payout whose payment_id the form was opened with. Submitting the same form again
 * (double click, back button, retry) finds the application and sends nothing.
 */
export const createNewPayout = defineAction(
  { permission: "payouts:create", schema: payoutFormSchema, stepUp: true },
  async (form, ctx): Promise<ActionResult<{ applicationId: number; outcome: SubmitOutcome }>> => {
    const scope = allowedProjects(ctx.user);
    const gateway = await gatewayForNewApplication(
      { register: form.register, currency: form.currency, method: form.method },
      scope,
    );
    const result = await createPayout(await getDb(), gateway, requestOf(form), actorOf(ctx), scope);
    if (result.outcome === "limit_refused")
      throw new AppError("bad_request:payout_limit", result.messageKey, { amount: [result.messageKey] });
    // A refusal by HighHelp still opens the payout: its page says why, and the form's id is used up.
    return { ok: true, data: { applicationId: result.application.id, outcome: result.outcome }, message: result.messageKey };
  },
);

/**
 * After a submit whose answer never came (the instance died, the network dropped): whether this form's application
 * exists. Its id when it does, within the reader's registers; null otherwise (then submitting the form again is safe).
 */
export const findApplicationOfForm = defineAction(
  { permission: "payouts:create", schema: formTokenSchema },
  async ({ token }, ctx): Promise<ActionResult<{ applicationId: number | null }>> => {
    const paymentId = paymentIdFromToken(token);
    if (!paymentId) throw new AppError("bad_request:form_token", "common.formExpired");
    return {
      ok: true,
      data: { applicationId: await findApplicationIdOfForm(await getDb(), paymentId, allowedProjects(ctx.user)) },
    };
  },
);
