import "server-only";
import { applications } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import type { Gateway } from "@/lib/server/gateway";
import { assertRegisterActive } from "@/lib/registers/gateway-access";
import { assertBankOffered } from "@/lib/banks/queries";
import type { HighHelpResult, PaymentResponse } from "@/lib/highhelp";
import { findApplication, findApplicationByPaymentId } from "./queries";
import { ALL_PROJECTS, assertProjectInScope, type ProjectScope } from "@/lib/accounts/register-scope";
import { outcomeMessage, sendingColumns, settleSubmission, type SubmitResult } from "./submission";

/** A payin as the back-office asks HighHelp for it (H2H P2P or widget). Amount in minor units. */
export interface PayinRequest {
  paymentId: string;
  flow: "p2p" | "widget";
  amount: number;
  currency: string;
  /** H2H method code, for `p2p`. */
  method?: string;
  /** Widget method code, for `widget`. */
  widgetMethod?: string;
  /** For `p2p`: the payer's bank preselected (a symbol of the register's bank list). */
  bankSymbol?: string;
  lifetime?: number;
  description?: string;
  customer?: { id?: string; first_name?: string; last_name?: string; email?: string; country?: string; ip_address?: string };
}

/**
 * Creates a payin at HighHelp at most once per payment_id: the row is written first; a second
 * submit of the same payment_id finds it and sends nothing. A lost answer leaves the row
 * `unknown` for reconciliation (never a blind retry: docs/highhelp-decisions.md#creates-are-sent-once).
 * A register outside the actor's `scope` is refused as unknown.
 */
export async function submitPayin(
  db: Database,
  gateway: Gateway,
  request: PayinRequest,
  actor: AuditActor,
  scope: ProjectScope,
): Promise<SubmitResult> {
  assertProjectInScope(scope, gateway.projectId);
  assertRegisterActive(gateway);
  const bankSymbol = request.flow === "p2p" ? request.bankSymbol : undefined;
  if (bankSymbol !== undefined) await assertBankOffered(db, gateway.projectId, request.currency, bankSymbol);
  const inserted = await db
    .insert(applications)
    .values({
      projectId: gateway.projectId,
      paymentId: request.paymentId,
      type: "payin",
      product: request.flow === "widget" && request.widgetMethod === "payin-ecom-card" ? "ecom" : "p2p",
      integration: request.flow === "widget" ? "h2c" : "h2h",
      method: request.method ?? null,
      widgetMethod: request.widgetMethod ?? null,
      amount: request.amount,
      initialAmount: request.amount,
      currency: request.currency,
      lifetime: request.lifetime ?? null,
      description: request.description ?? null,
      bankSymbol: bankSymbol ?? null,
      customerId: request.customer?.id ?? null,
      customer: request.customer ?? null,
      ...sendingColumns(),
      createdBy: actor.userId,
    })
    .onConflictDoNothing({ target: [applications.projectId, applications.paymentId] })
    .returning({ id: applications.id });
  if (inserted.length === 0) {
    const existing = (await findApplicationByPaymentId(db, gateway.projectId, request.paymentId))!;
    return {
      outcome: "already_submitted",
      application: existing,
      ...outcomeMessage("submission.payinAlreadySubmitted"),
    };
  }
  const applicationId = inserted[0]!.id;
  await recordAudit(db, actor, {
    action: "payin.create",
    targetType: "application",
    targetId: request.paymentId,
    applicationId,
    details: {
      amount: request.amount,
      currency: request.currency,
      flow: request.flow,
      ...(bankSymbol ? { bankSymbol } : {}),
    },
  });

  const general = { payment_id: request.paymentId, ...gateway.callbackUrls };
  const payment = {
    amount: request.amount,
    currency: request.currency,
    ...(request.lifetime ? { lifetime: request.lifetime } : {}),
    ...(request.description ? { description: request.description } : {}),
  };
  const customer = request.customer && Object.keys(request.customer).length > 0 ? { customer: request.customer } : {};
  const result: HighHelpResult<PaymentResponse> =
    request.flow === "widget"
      ? await gateway.client.widgetPayinCreate({
          general,
          payment: { ...payment, widget_method: request.widgetMethod ?? "" },
          ...customer,
        })
      : await gateway.client.p2pPayinCreate({
          general,
          payment: { ...payment, method: request.method ?? "", ...(bankSymbol ? { bank_symbol: bankSymbol } : {}) },
          ...customer,
        });
  return settleSubmission(db, (await findApplication(db, applicationId, ALL_PROJECTS))!, result, actor, "payin");
}
