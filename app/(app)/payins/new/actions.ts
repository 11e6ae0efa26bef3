"use server";

import { defineAction, type ActionResult } from "@/lib/server/action";
import { payinFormSchema } from "@/lib/applications/schemas";
import { formTokenSchema } from "@/lib/applications/schemas";
import { findApplicationIdOfForm } from "@/lib/applications/queries";
import { submitPayin } from "@/lib/applications/submit-payin";
import type { SubmitOutcome } from "@/lib/applications/submission";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { paymentIdFromToken } from "@/lib/applications/form-token";
import { gatewayForNewApplication, gatewayForProject } from "@/lib/server/gateway";
import { allowedProjects, assertProjectInScope } from "@/lib/accounts/register-scope";
import { refreshBankList } from "@/lib/banks/commands";
import { refreshBanksSchema, type RegisterBankList } from "@/lib/banks/schemas";
import { bankListForForm } from "@/lib/banks/queries";
import { recordAudit } from "@/lib/audit/commands";
import { message } from "@/lib/i18n/message";

/**
 * Creates the payin whose payment_id the form was opened with. Submitting the same form again
 * (double click, back button, retry) finds the application and sends nothing.
 */
export const createPayin = defineAction(
  { permission: "payins:create", schema: payinFormSchema },
  async (form, ctx): Promise<ActionResult<{ applicationId: number; outcome: SubmitOutcome }>> => {
    const paymentId = paymentIdFromToken(form.token);
    if (!paymentId) throw new AppError("bad_request:form_token", "common.formExpired");
    const scope = allowedProjects(ctx.user);
    const gateway = await gatewayForNewApplication(
      { register: form.register, currency: form.currency, method: form.method },
      scope,
    );
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
        bankSymbol: form.flow === "p2p" ? form.bankSymbol : undefined,
        lifetime: form.lifetime,
        description: form.description,
        customer: {
          ...(form.customerId ? { id: form.customerId } : {}),
          ...(form.customerEmail ? { email: form.customerEmail } : {}),
          ...(form.customerCountry ? { country: form.customerCountry } : {}),
        },
      },
      { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent },
      scope,
    );
    if (result.outcome === "refused") throw new AppError("bad_request:highhelp_refused", result.messageKey);
    return { ok: true, data: { applicationId: result.application.id, outcome: result.outcome }, message: result.messageKey };
  },
);

/**
 * Fetches the bank list of a register now (the form's "Refresh banks"). A HighHelp failure keeps
 * the stored list; the answer carries it with the reason, in plain words (`list.problem`).
 */
export const refreshBanks = defineAction(
  { permission: "payins:create", schema: refreshBanksSchema },
  async (input, ctx): Promise<ActionResult<{ list: RegisterBankList }>> => {
    assertProjectInScope(allowedProjects(ctx.user), input.register);
    const gateway = await gatewayForProject(input.register);
    const db = await getDb();
    const result = await refreshBankList(db, gateway);
    await recordAudit(
      db,
      { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent },
      {
        action: "register.banks_refresh",
        targetType: "register",
        targetId: gateway.projectId,
        details: result.ok ? { banks: result.list.banks.length } : { failed: true },
      },
    );
    const list = bankListForForm(result.list);
    if (!result.ok) return { ok: true, data: { list }, message: result.message };
    return {
      ok: true,
      data: { list },
      message: message("payinForm.banksRefreshed", { register: gateway.name, count: list.banks.length }),
    };
  },
);

/**
 * After a submit whose answer never came (the instance died, the network dropped): whether this form's application
 * exists. Its id when it does, within the reader's registers; null otherwise (then submitting the form again is safe).
 */
export const findApplicationOfForm = defineAction(
  { permission: "payins:create", schema: formTokenSchema },
  async ({ token }, ctx): Promise<ActionResult<{ applicationId: number | null }>> => {
    const paymentId = paymentIdFromToken(token);
    if (!paymentId) throw new AppError("bad_request:form_token", "common.formExpired");
    return {
      ok: true,
      data: { applicationId: await findApplicationIdOfForm(await getDb(), paymentId, allowedProjects(ctx.user)) },
    };
  },
);
