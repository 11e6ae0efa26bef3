/** Bodies from HighHelp's documentation pages (widget card, Kazakhstan P2P, Kyrgyzstan widget), as given there. */
import type { P2pPayinCreateRequest, P2pPayoutCreateRequest, WidgetPayinCreateRequest } from "@/lib/highhelp";

export const PROJECT_ID = "57aff4db-b45d-42bf-bc5f-b7a499a01782";

/** 001 (Kazakhstan H2H): P2P pay-in create request. */
export const KZ_P2P_PAYIN_CREATE = {
  general: {
    project_id: PROJECT_ID,
    payment_id: "KZT-VISA-123456",
    merchant_callback_url: "https://your-domain.com/internal",
    merchant_success_callback_url: "https://your-domain.com/success",
    merchant_decline_callback_url: "https://your-domain.com/decline",
    redirect_url: "https://your-domain.com/order/page",
  },
  payment: {
    method: "international-card-p2p",
    amount: 500000,
    currency: "KZT",
    lifetime: 300,
    description: "Comment about the payment",
    extra_param: "example",
  },
  sender: { pan: "4400430140020306" },
  customer: {
    id: "cus_12345",
    ip_address: "192.0.2.1",
    first_name: "Alex",
    last_name: "Johnson",
    customer_type: "ftd",
    country: "KZ",
    language: "kk",
    email: "customer@example.com",
    browser: "Google Chrome v15.12",
    device_type: "iPhone 15 Pro",
  },
} satisfies P2pPayinCreateRequest;

/** 001: P2P payout create request. */
export const KZ_P2P_PAYOUT_CREATE = {
  general: {
    project_id: PROJECT_ID,
    payment_id: "PAYOUT-KZT-MASTER-123456",
    merchant_callback_url: "https://your-domain.com/internal",
    merchant_success_callback_url: "https://your-domain.com/success",
    merchant_decline_callback_url: "https://your-domain.com/decline",
  },
  receiver: { pan: "5169497700000008", card_holder: "Nurlan Temirbek" },
  payment: {
    method: "card-p2p",
    amount: 300000,
    currency: "KZT",
    description: "Comment about the payout",
    extra_param: "example",
  },
  customer: {
    id: "cus_12345",
    ip_address: "192.0.2.1",
    first_name: "Alex",
    last_name: "Johnson",
    country: "KZ",
    email: "customer@example.com",
    browser: "Google Chrome v15.12",
    device_type: "iPhone 15 Pro",
  },
} satisfies P2pPayoutCreateRequest;

/** 000 (ECOM card via widget): create request. */
export const KZ_WIDGET_ECOM_CREATE = {
  general: {
    project_id: PROJECT_ID,
    payment_id: "KZT-CARD-123456",
    merchant_callback_url: "https://your-callback-domain.com/internal",
    merchant_success_callback_url: "https://your-callback-domain.com/success",
    merchant_decline_callback_url: "https://your-callback-domain.com/decline",
    redirect_url: "https://your-web-site-url.com/order/page",
  },
  payment: {
    amount: 1500000,
    currency: "KZT",
    lifetime: 600,
    description: "Comment about the payment",
    extra_param: "example",
    widget_method: "payin-ecom-card",
  },
  customer: { id: "cus_12345", ip_address: "192.0.2.1", country: "KZ", language: "kk", email: "customer@example.com" },
} satisfies WidgetPayinCreateRequest;

/** 002 (Kyrgyzstan widget): create request with a pre-selected bank. */
export const KG_WIDGET_P2P_CREATE = {
  general: {
    project_id: PROJECT_ID,
    payment_id: "PAYMENT-KGS-123456",
    merchant_callback_url: "https://your-callback-domain.com/internal",
    merchant_success_callback_url: "https://your-callback-domain.com/success",
    merchant_decline_callback_url: "https://your-callback-domain.com/decline",
    redirect_url: "https://your-web-site-url.com/order/page",
  },
  payment: {
    amount: 1500000,
    currency: "KGS",
    lifetime: 300,
    description: "Comment about the payment",
    extra_param: "example",
    widget_method: "payin-p2p-card",
  },
  sender: { bank_symbol: "demir-bank-kgs" },
  customer: {
    id: "cus_12345",
    ip_address: "192.0.2.1",
    country: "KG",
    language: "ky",
    customer_type: "ftd",
    email: "customer@example.com",
  },
} satisfies WidgetPayinCreateRequest;

const ids = {
  request_id: "16a10539-fcb3-4ff5-a3e2-86625a2dc3d3",
  project_id: PROJECT_ID,
};

/** 001: pay-in create response. */
export const KZ_PAYIN_CREATE_RESPONSE = {
  status: "processing",
  sub_status: "requisites",
  status_description: null,
  ...ids,
  payment_id: "KZT-VISA-123456",
  integration: {
    form_url: "https://ppage.hh-processing.com/24a9249ae10e15232c123409b625daf7e0ea627c",
    redirect_url: "https://your-domain.com/order/page",
  },
};

/** 001: pay-in info response. */
export const KZ_PAYIN_INFO_RESPONSE = {
  status: "processing",
  sub_status: "awaiting_confirm",
  status_description: null,
  ...ids,
  payment_id: "KZT-VISA-123456",
  payment_info: {
    amount: 10000,
    old_amount: 10000,
    initial_amount: 3000,
    currency: "KZT",
    lifetime: 300,
    expiration_date: 1721647251,
    method: "international-card-p2p",
    payment_system: null,
    type: "payin",
  },
  recipient_requisites: {
    pan: "4850788018041726",
    card_holder: "Alex Johnson",
    bank_name: "kaspi-kzt",
    bank_country: "KZ",
    currency: "KZT",
  },
  sender: { pan_hidden: "48507****1726", card_holder_hidden: "Alex****nson" },
  integration: {
    form_url: "https://ppage.hh-processing.com/24a9249ae10e15232c123409b625daf7e0ea627c",
    redirect_url: "https://your-domain.com/order/page",
  },
};

/** 001: cancel response. */
export const KZ_PAYIN_CANCEL_RESPONSE = {
  status: "decline",
  sub_status: null,
  status_description: "Canceled by client",
  ...ids,
  payment_id: "KZT-VISA-123456",
};

/** 001: payout info response. */
export const KZ_PAYOUT_INFO_RESPONSE = {
  status: "processing",
  sub_status: "payout_process",
  status_description: null,
  ...ids,
  payment_id: "PAYOUT-KZT-MASTER-123456",
  payment_info: { amount: 10000, old_amount: 10000, initial_amount: 3000, currency: "KZT", method: "card-p2p", type: "payout" },
};

/** 000: widget info response. */
export const KZ_WIDGET_INFO_RESPONSE = {
  status: "processing",
  sub_status: "awaiting_confirm",
  status_description: null,
  ...ids,
  payment_id: "KZT-CARD-123456",
  payment_info: {
    amount: 10000,
    old_amount: 10000,
    initial_amount: 12000,
    currency: "KZT",
    lifetime: 600,
    expiration_date: 1721647251,
    method: "card-ecom",
    widget_method: "payin-ecom-card",
    type: "payin",
  },
  integration: {
    form_url: "https://ppage.hh-processing.com/widget/24a9249ae10e15232c123409b625daf7e0ea627c",
    redirect_url: "https://your-web-site-url.com/order/page",
  },
};

export const BALANCE_RESPONSE = { balance: [{ currency: "UZS", amount: 3018900, locked_amount: 0 }] };

const alertIds = { project_id: PROJECT_ID, general: { request_id: ids.request_id, payment_id: "KZT-VISA-123456" } };

/** 001: informative pay-in alert, processing:awaiting_confirm, with full requisites and instructions. */
export const KZ_PAYIN_ALERT_AWAITING_CONFIRM = {
  ...alertIds,
  status: { status: "processing", sub_status: "awaiting_confirm", status_description: null },
  payment_info: {
    amount: 7000,
    old_amount: 7000,
    initial_amount: 3000,
    currency: "KZT",
    lifetime: 300,
    expiration_date: 1721647251,
    updated_date: 1721647251,
    created_date: 1721647251,
    method: "international-card-p2p",
    payment_system: null,
    type: "payin",
  },
  recipient_requisites: {
    pan: "4850788018041726",
    card_holder: "Alex Johnson",
    bank_name: "kaspi-kzt",
    bank_country: "KZ",
    currency: "KZT",
  },
  integration: {
    form_url: "https://ppage.hh-processing.com/24a9249ae10e15232c123409b625daf7e0ea627c",
    redirect_url: "https://your-domain.com/order/page",
  },
  additional_info: {
    display_data: [
      { type: "add_info", title: "recipient_card_holder", data: "Alex Johnson" },
      { type: "add_info", title: "recipient_pan", data: "4850788018041726" },
      { type: "add_info", title: "lifetime", data: 300 },
      { type: "add_info", title: "valid_until", data: 1721647251 },
      { type: "add_info", title: "amount", data: 10000 },
      { type: "add_info", title: "currency", data: "KZT" },
      { type: "add_info", title: "bank_name", data: "kaspi-kzt" },
      { type: "add_info", title: "bank_country", data: "KZ" },
      { type: "add_info", title: "confirm_url", data: "https://api.hh-processing.com/api/v1/payment/p2p/payin/confirm" },
      { type: "add_info", title: "reject_url", data: "https://api.hh-processing.com/api/v1/payment/p2p/payin/cancel" },
    ],
  },
};

/** 001: final decline alert. */
export const KZ_PAYIN_ALERT_DECLINE = {
  ...alertIds,
  status: { status: "decline", sub_status: null, status_description: "Declined by anti-fraud" },
  payment_info: {
    amount: 7000,
    old_amount: 7000,
    initial_amount: 3000,
    currency: "KZT",
    lifetime: 300,
    expiration_date: 1721647251,
    updated_date: 1721647251,
    created_date: 1721647251,
    method: "international-card-p2p",
    payment_system: null,
    type: "payin",
  },
};

/** 001: informative payout alert with an empty additional_info. */
export const KZ_PAYOUT_ALERT_PROCESS = {
  project_id: PROJECT_ID,
  general: { request_id: ids.request_id, payment_id: "PAYOUT-KZT-MASTER-123456" },
  status: { status: "processing", sub_status: "payout_process", status_description: null },
  payment_info: {
    amount: 7000,
    old_amount: 7000,
    initial_amount: 3000,
    currency: "KZT",
    updated_date: 1721647251,
    created_date: 1721647251,
    method: "card-p2p",
    type: "payout",
  },
  additional_info: {},
};

/** 002: widget informative alert with masked requisites. */
export const KG_WIDGET_ALERT_AWAITING_CONFIRM = {
  project_id: PROJECT_ID,
  general: { request_id: ids.request_id, payment_id: "PAYMENT-KGS-123456" },
  status: { status: "processing", sub_status: "awaiting_confirm", status_description: null },
  payment_info: {
    amount: 7000,
    old_amount: 7000,
    initial_amount: 3000,
    currency: "KGS",
    lifetime: 300,
    expiration_date: 1721647251,
    updated_date: 1721647251,
    created_date: 1721647251,
    method: "card-p2p",
    widget_method: "payin-p2p-card",
    type: "payin",
  },
  recipient_requisites: {
    pan_hidden: "2202****6980",
    card_holder_hidden: " **** ",
    bank_name: "demir-bank-kgs",
    bank_country: "KG",
    currency: "KGS",
  },
  integration: {
    form_url: "https://ppage.hh-processing.com/widget/24a9249ae10e15232c123409b625daf7e0ea627c",
    redirect_url: "https://your-web-site-url.com/order/page",
  },
};

/** 000: widget ECOM decline alert: method and widget_method null. */
export const KZ_WIDGET_ALERT_DECLINE = {
  project_id: PROJECT_ID,
  general: { request_id: ids.request_id, payment_id: "KZT-CARD-123456" },
  status: { status: "decline", sub_status: null, status_description: "Declined by anti-fraud" },
  payment_info: {
    amount: 7000,
    old_amount: 7000,
    initial_amount: 3000,
    currency: "KZT",
    lifetime: 600,
    expiration_date: 1721647251,
    updated_date: 1721647251,
    created_date: 1721647251,
    method: null,
    widget_method: null,
    type: "payin",
  },
};

/** A minimal P2P payin alert for `paymentId`, for tests that sign and post their own. */
export function payinAlertBody(
  projectId: string,
  paymentId: string,
  status = "processing",
  subStatus: string | null = "awaiting_confirm",
): Record<string, unknown> {
  return {
    project_id: projectId,
    general: { request_id: "16a10539-fcb3-4ff5-a3e2-86625a2dc3d3", payment_id: paymentId },
    status: { status, sub_status: subStatus, status_description: null },
    payment_info: {
      amount: 10_000,
      old_amount: 10_000,
      initial_amount: 10_000,
      currency: "KZT",
      lifetime: 300,
      expiration_date: 1_900_000_000,
      updated_date: 1_721_647_251,
      created_date: 1_721_647_251,
      method: "card-p2p",
      payment_system: null,
      type: "payin",
    },
  };
}
