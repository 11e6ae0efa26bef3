/**
 * How a call may be repeated. `read`: no side effect, retried on transient failures. `create` and
 * `action` (confirm / cancel): sent once; after an uncertain outcome the caller reconciles through
 * the matching info endpoint (docs/highhelp-decisions.md#creates-are-sent-once).
 */
export type CallKind = "create" | "action" | "read";

export interface EndpointDefinition {
  readonly path: string;
  readonly kind: CallKind;
}

/** Every endpoint is a POST of JSON. */
export const HIGHHELP_ENDPOINTS = {
  p2pPayinCreate: { path: "/api/v1/payment/p2p/payin", kind: "create" },
  p2pPayinInfo: { path: "/api/v1/payment/p2p/payin/info", kind: "read" },
  p2pPayinConfirm: { path: "/api/v1/payment/p2p/payin/confirm", kind: "action" },
  p2pPayinCancel: { path: "/api/v1/payment/p2p/payin/cancel", kind: "action" },
  p2pPayoutCreate: { path: "/api/v1/payment/p2p/payout", kind: "create" },
  p2pPayoutInfo: { path: "/api/v1/payment/p2p/payout/info", kind: "read" },
  widgetPayinCreate: { path: "/api/v1/widget/payin", kind: "create" },
  widgetPayinInfo: { path: "/api/v1/widget/payin/info", kind: "read" },
  widgetPayinConfirm: { path: "/api/v1/widget/payin/confirm", kind: "action" },
  widgetPayinCancel: { path: "/api/v1/widget/payin/cancel", kind: "action" },
  ecomPayinCreate: { path: "/api/v1/payment/ecom/payin", kind: "create" },
  // Not in the docs: inferred from their path scheme `…/{flow}/info`.
  ecomPayinInfo: { path: "/api/v1/payment/ecom/payin/info", kind: "read" },
  balanceInfo: { path: "/api/v1/balance/info", kind: "read" },
  bankList: { path: "/api/v1/bank/all", kind: "read" },
} as const satisfies Record<string, EndpointDefinition>;

export type EndpointName = keyof typeof HIGHHELP_ENDPOINTS;

export function isRetryableCall(endpoint: EndpointName): boolean {
  return HIGHHELP_ENDPOINTS[endpoint].kind === "read";
}
