import "server-only";
import type { EventSource } from "@/drizzle/schema";
import type { HighHelpAlert, PaymentResponse } from "@/lib/highhelp";
import type { StatusEventInput, VerifiedDelivery } from "./apply-status-event";

/** A verified, parsed alert as a status event. */
export function eventFromAlert(alert: HighHelpAlert, callbackDelivery: VerifiedDelivery | null): StatusEventInput {
  return {
    projectId: alert.project_id,
    paymentId: alert.general.payment_id,
    requestId: alert.general.request_id,
    status: alert.status.status,
    subStatus: alert.status.sub_status ?? null,
    statusDescription: alert.status.status_description ?? null,
    source: "callback",
    paymentInfo: alert.payment_info,
    formUrl: alert.integration?.form_url ?? null,
    redirectUrl: alert.integration?.redirect_url ?? null,
    requisites: alert.recipient_requisites ?? null,
    displayData: alert.additional_info?.display_data ?? null,
    payload: alert,
    callbackDelivery,
  };
}

/** An API answer (create, info, confirm, cancel) about a known application. */
export function eventFromResponse(
  response: PaymentResponse,
  ref: { projectId: string; paymentId: string },
  source: Exclude<EventSource, "callback">,
  actorUserId: number | null = null,
): StatusEventInput {
  return {
    projectId: ref.projectId,
    paymentId: ref.paymentId,
    requestId: response.request_id ?? null,
    status: response.status,
    subStatus: response.sub_status ?? null,
    statusDescription: response.status_description ?? null,
    source,
    paymentInfo: response.payment_info ?? null,
    formUrl: response.integration?.form_url ?? null,
    redirectUrl: response.integration?.redirect_url ?? null,
    requisites: response.recipient_requisites ?? null,
    displayData: response.display_data ?? response.additional_info?.display_data ?? null,
    senderPanHidden: response.sender?.pan_hidden ?? null,
    senderCardHolderHidden: response.sender?.card_holder_hidden ?? null,
    payload: response,
    actorUserId,
  };
}
