/**
 * What the sandbox's cash register offers: currencies, methods, the bank directory of
 * `/api/v1/bank/all`, and the made-up recipient requisites it issues. Card numbers are
 * Luhn-valid but fictitious; holders and phones are invented.
 */
import { createHash } from "node:crypto";

export interface SandboxBank {
  bank_symbol: string;
  name: string;
  country: string;
  currency: string;
}

/** Codes follow the documented `<bank>-<currency>` pattern (`kaspi-kzt`, `demir-bank-kgs`). */
export const SANDBOX_BANKS: readonly SandboxBank[] = [
  { bank_symbol: "kaspi-kzt", name: "Kaspi Bank", country: "KZ", currency: "KZT" },
  { bank_symbol: "halyk-kzt", name: "Halyk Bank", country: "KZ", currency: "KZT" },
  { bank_symbol: "forte-kzt", name: "ForteBank", country: "KZ", currency: "KZT" },
  { bank_symbol: "jusan-kzt", name: "Jusan Bank", country: "KZ", currency: "KZT" },
  { bank_symbol: "demir-bank-kgs", name: "Demir Bank", country: "KG", currency: "KGS" },
  { bank_symbol: "mbank-kgs", name: "MBank", country: "KG", currency: "KGS" },
  { bank_symbol: "optima-kgs", name: "Optima Bank", country: "KG", currency: "KGS" },
  { bank_symbol: "kapitalbank-uzs", name: "Kapitalbank", country: "UZ", currency: "UZS" },
  { bank_symbol: "uzum-uzs", name: "Uzum Bank", country: "UZ", currency: "UZS" },
  { bank_symbol: "tbc-uzs", name: "TBC Bank Uzbekistan", country: "UZ", currency: "UZS" },
  { bank_symbol: "sber-rub", name: "Sberbank", country: "RU", currency: "RUB" },
  { bank_symbol: "tinkoff-rub", name: "T-Bank (Tinkoff)", country: "RU", currency: "RUB" },
  { bank_symbol: "alfa-rub", name: "Alfa-Bank", country: "RU", currency: "RUB" },
  { bank_symbol: "vtb-rub", name: "VTB", country: "RU", currency: "RUB" },
];

/** The currencies enabled for the sandbox's cash register (one balance each). */
export const SANDBOX_CURRENCIES = ["KZT", "KGS", "UZS", "RUB"] as const;

/** Card payments through the widget exist in these currencies only. */
export const ECOM_CARD_CURRENCIES = ["KZT", "UZS", "RUB"] as const;

/** H2H pay-in methods (the confirmed codes, plus `mobile-p2p` of the third-party client). */
export const P2P_PAYIN_METHODS = [
  "card-p2p",
  "phone-p2p",
  "sbp-p2p",
  "international-p2p",
  "international-card-p2p",
  "account-number",
  "mobile-p2p",
] as const;

export const P2P_PAYOUT_METHODS = ["card-p2p", "phone-p2p", "sbp-p2p", "account-number", "mobile-p2p"] as const;

/** Methods whose requisites are a phone number, not a card. */
export const PHONE_METHODS = new Set(["phone-p2p", "sbp-p2p"]);

/** Widget methods, with the H2H method each one processes with (null: no H2H code known). */
export const WIDGET_METHODS: Readonly<Record<string, string | null>> = {
  "payin-ecom-card": "card-ecom",
  "payin-p2p-card": "card-p2p",
  "payin-p2p-phone": "phone-p2p",
  "payin-qr-link-p2p": null,
  "payin-p2p-sbp": "sbp-p2p",
  "payin-1-click": null,
  "payin-p2p-international": "international-p2p",
  "payin-qr-sbp": null,
  "payin-p2p-mobile": "mobile-p2p",
  "payin-p2p-card-international": "international-card-p2p",
  "payin-mobile-money": null,
};

/** Without a `widget_method`, the payer "chooses" a card transfer on the sandbox's page. */
export const DEFAULT_WIDGET_METHOD = "payin-p2p-card";

export function bankBySymbol(symbol: string): SandboxBank | undefined {
  return SANDBOX_BANKS.find((bank) => bank.bank_symbol === symbol);
}

export interface RecipientRequisites {
  /** A card number, or the phone for phone methods (the docs: `pan` is "card or phone"). */
  pan: string;
  card_holder: string;
  phone: string;
  bank_name: string;
  bank_country: string;
  currency: string;
}

const HOLDERS: Readonly<Record<string, readonly string[]>> = {
  KZ: ["Aigerim Nurlanovna", "Daniyar Seitkali", "Madina Abenova", "Yerlan Zhaksybekov"],
  KG: ["Aibek Toktogulov", "Nurzhan Asanova", "Bakyt Mamatov"],
  UZ: ["Dilshod Karimov", "Malika Yusupova", "Jasur Rakhimov"],
  RU: ["Ivan Petrov", "Anna Smirnova", "Sergey Volkov"],
};

const PHONE_PREFIX: Readonly<Record<string, string>> = { KZ: "+77", KG: "+996", UZ: "+998", RU: "+79" };
// Fictitious issuer prefixes per country (Visa/Mastercard/local ranges).
const CARD_PREFIX: Readonly<Record<string, string>> = { KZ: "440043", KG: "417680", UZ: "860033", RU: "220220" };

function digitsFrom(seed: string, count: number): string {
  const bytes = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; out.length < count; i++) out += String((bytes[i % bytes.length] ?? 0) % 10);
  return out;
}

function luhnCheckDigit(body: string): string {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

function pick<T>(list: readonly T[], seed: string): T {
  const n = createHash("sha256").update(seed).digest().readUInt32BE(0);
  return list[n % list.length]!;
}

/** The bank whose requisites a pay-in gets: the requested one, else one of the currency's, by seed. */
export function bankForPayin(currency: string, requested: string | null, seed: string): SandboxBank {
  const chosen = requested === null ? undefined : bankBySymbol(requested);
  if (chosen !== undefined) return chosen;
  const ofCurrency = SANDBOX_BANKS.filter((bank) => bank.currency === currency);
  return pick(ofCurrency.length > 0 ? ofCurrency : SANDBOX_BANKS, seed);
}

/** Deterministic, per application: the same request id always gets the same card. */
export function recipientRequisites(bank: SandboxBank, method: string | null, seed: string): RecipientRequisites {
  const cardBody = (CARD_PREFIX[bank.country] ?? "400000") + digitsFrom(`${seed}:card`, 9);
  const card = cardBody + luhnCheckDigit(cardBody);
  const phone = (PHONE_PREFIX[bank.country] ?? "+7") + digitsFrom(`${seed}:phone`, 9);
  return {
    pan: method !== null && PHONE_METHODS.has(method) ? phone : card,
    card_holder: pick(HOLDERS[bank.country] ?? HOLDERS.KZ!, `${seed}:holder`),
    phone,
    bank_name: bank.bank_symbol,
    bank_country: bank.country,
    currency: bank.currency,
  };
}

/** `Alex Johnson` → `Alex****nson`, the shape of the docs' masked holders. */
export function maskName(name: string): string {
  const text = name.trim();
  if (text.length === 0) return "";
  const keep = Math.min(4, Math.floor(text.length / 3));
  if (keep === 0) return "****";
  return `${text.slice(0, keep)}****${text.slice(-keep)}`;
}
