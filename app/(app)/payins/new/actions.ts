"use server";

import { defineAction, type ActionResult } from "@/lib/server/action";
import { payinFormSchema } from "@/lib/applications/schemas";
import { submitPayin } from "@/lib/applications/submit-payin";
import type { SubmitOutcome } from "@/lib/applications/submission";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { paymentIdFromToken } from "@/lib/applications/form-token";
import { gatewayForNewApplication } from "@/lib/server/gateway";

/**
 * Creates the payin whose payment_id the form was opened with. Submitting the same form again
 * (double click, back button, retry) finds the application and sends nothing.
 */
export const createPayin = defineAction(
  { permission: "payins:create", schema: payinFormSchema },
  async (form, ctx): Promise<ActionResult<{ applicationId: number; outcome: SubmitOutcome }>> => {
    const paymentId = paymentIdFromToken(form.token);
    if (!paymentId) throw new AppError("bad_request:form_token", "This form has expired. Reload the page and try again.");
    const gateway = await gatewayForNewApplication({ register: form.register, currency: form.currency, method: form.method });
    const result = await submitPayin(
      await getDb(),
      gateway,
      {
        paymentId,
        flow: form.flow,
        amount: form.amount,
        currency: form.currency,
        method: form.flow === "p2p" ? form.method : undefined,
        widgetMethod: form.flow === "widget" ? form.method : undefined,
        lifetime: form.lifetime,
        description: form.description,
        customer: {
          ...(form.customerId ? { id: form.customerId } : {}),
          ...(form.customerEmail ? { email: form.customerEmail } : {}),
          ...(form.customerCountry ? { country: form.customerCountry } : {}),
        },
      },
      { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent },
    );
    if (result.outcome === "refused") throw new AppError("bad_request:highhelp_refused", result.message);
    return { ok: true, data: { applicationId: result.application.id, outcome: result.outcome }, message: result.message };
  },
);
