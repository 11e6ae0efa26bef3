import type { DisplayDataItem } from "@/lib/highhelp";

/**
 * The payer instructions, read from `display_data` (docs/highhelp-protocol.md#payer-instructions).
 * Every value is shown as text.
 */
export interface PayerInstructions {
  recipientPan: string | null;
  recipientPhone: string | null;
  cardHolder: string | null;
  bankName: string | null;
  bankCountry: string | null;
  amount: number | null;
  currency: string | null;
  lifetimeSeconds: number | null;
  validUntil: Date | null;
}

function asText(value: string | number | undefined): string | null {
  return value === undefined || value === "" ? null : String(value);
}

function asInteger(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  const n = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

export function instructionsFromDisplayData(items: unknown): PayerInstructions | null {
  if (!Array.isArray(items) || items.length === 0) return null;
  const byTitle = new Map<string, string | number>();
  for (const item of items as DisplayDataItem[]) {
    if (item && typeof item.title === "string" && (typeof item.data === "string" || typeof item.data === "number")) {
      byTitle.set(item.title, item.data);
    }
  }
  const validUntil = asInteger(byTitle.get("valid_until"));
  return {
    recipientPan: asText(byTitle.get("recipient_pan")),
    recipientPhone: asText(byTitle.get("recipient_phone")),
    cardHolder: asText(byTitle.get("recipient_card_holder")),
    bankName: asText(byTitle.get("bank_name")),
    bankCountry: asText(byTitle.get("bank_country")),
    amount: asInteger(byTitle.get("amount")),
    currency: asText(byTitle.get("currency")),
    lifetimeSeconds: asInteger(byTitle.get("lifetime")),
    validUntil: validUntil === null ? null : new Date(validUntil * 1000),
  };
}

/**
 * What the payer-instructions card says while it shows no requisites: a widget payin's payer uses
 * HighHelp's payment form, so none ever come here; an application in error or declined gets none
 * either; otherwise they are still on their way.
 */
export type InstructionsNote = "awaiting" | "widget" | "noneWillCome";

export function instructionsNote(application: { integration: string; status: string }): InstructionsNote {
  if (application.integration === "h2c") return "widget";
  if (application.status === "error" || application.status === "decline" || application.status === "success") {
    return "noneWillCome";
  }
  return "awaiting";
}

/** "4850788018041726" → "4850 7880 1804 1726"; anything that is not all digits is left as it is. */
export function groupCardNumber(pan: string): string {
  const digits = pan.replace(/\s/g, "");
  return /^\d+$/.test(digits) ? digits.replace(/(\d{4})(?=\d)/g, "$1 ") : pan;
}

/** The time left until `until` as a clock reads it ("4:05", "1:05:00"), or null once it has passed. */
export function remaining(until: Date, now: Date): string | null {
  const seconds = Math.floor((until.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return null;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
