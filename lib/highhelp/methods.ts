/**
 * Method codes: H2H `payment.method` (the confirmed codes, kept as strings, not a closed type at the
 * boundary: docs/highhelp-decisions.md#method-codes) and widget `payment.widget_method`.
 */
export const H2H_METHOD_CODES = [
  "card-p2p",
  "phone-p2p",
  "sbp-p2p",
  "international-p2p",
  "international-card-p2p",
  "account-number",
  "card-ecom",
] as const;

export const WIDGET_METHOD_CODES = [
  "payin-ecom-card",
  "payin-p2p-card",
  "payin-p2p-phone",
  "payin-qr-link-p2p",
  "payin-p2p-sbp",
  "payin-1-click",
  "payin-p2p-international",
  "payin-qr-sbp",
  "payin-p2p-mobile",
  "payin-p2p-card-international",
  "payin-mobile-money",
] as const;
