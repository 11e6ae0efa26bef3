import { z } from "zod";
import type { BankListItem } from "@/lib/highhelp/responses";

/* Banks of a register's directory, as forms offer them; pure, so client components use it too. */

export interface Bank {
  /** The value of a payin's `bank_symbol` (e.g. `kaspi-kzt`). */
  symbol: string;
  name: string | null;
  /** Upper case; null when HighHelp does not say. */
  currency: string | null;
  country: string | null;
}

/** A register's banks as the new payin form needs them. */
export interface RegisterBankList {
  banks: Bank[];
  /** ISO time of the list shown; null: no list yet. */
  fetchedAt: string | null;
  /** Why the last refresh failed, in plain words; null when it did not. */
  problem: string | null;
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

/** A bank of `/api/v1/bank/all` with what the form filters on (the answer's shape is undocumented: read loosely). */
export function bankFromListItem(item: BankListItem): Bank {
  const raw = item.raw;
  const currency = text(raw.currency) ?? text(raw.currency_code);
  const country = text(raw.country) ?? text(raw.country_code) ?? text(raw.bank_country);
  return {
    symbol: item.symbol,
    name: item.name,
    currency: currency?.toUpperCase() ?? null,
    country: country?.toUpperCase() ?? null,
  };
}

/** The country of each currency a payin is made in, for banks that name a country but no currency. */
const CURRENCY_COUNTRY: Record<string, string> = { KZT: "KZ", KGS: "KG", UZS: "UZ", RUB: "RU" };

/**
 * Whether a payer in `currency` can pay from `bank`: by the bank's currency, else its country, else
 * the documented `<bank>-<currency>` ending of its symbol; a bank that says nothing fits every currency.
 */
export function bankFitsCurrency(bank: Bank, currency: string): boolean {
  if (bank.currency !== null) return bank.currency === currency;
  const country = CURRENCY_COUNTRY[currency];
  if (bank.country !== null && country !== undefined) return bank.country === country;
  const suffix = /-([a-z]{3})$/i.exec(bank.symbol)?.[1];
  if (suffix !== undefined) return suffix.toUpperCase() === currency;
  return true;
}

/** The banks of a list a payin in `currency` may preselect, by name. */
export function banksForCurrency(banks: readonly Bank[], currency: string): Bank[] {
  return banks
    .filter((bank) => bankFitsCurrency(bank, currency))
    .sort((a, b) => (a.name ?? a.symbol).localeCompare(b.name ?? b.symbol));
}

export function bankLabel(bank: Pick<Bank, "symbol" | "name">): string {
  return bank.name === null ? bank.symbol : `${bank.name} (${bank.symbol})`;
}

/** The "Refresh banks" action's input: the register (project_id). */
export const refreshBanksSchema = z.object({ register: z.string().trim().min(1, "registerChoice.choose").max(64) });
