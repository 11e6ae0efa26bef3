import "server-only";
import { inArray } from "drizzle-orm";
import { registerBanks } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { message } from "@/lib/i18n/message";
import { AppError } from "@/lib/server/errors";
import { bankFitsCurrency, bankLabel, type Bank, type RegisterBankList } from "./schemas";

export interface StoredBankList {
  projectId: string;
  banks: Bank[];
  fetchedAt: Date | null;
  lastAttemptAt: Date;
  lastError: string | null;
}

/** The stored bank lists of these registers, by project_id (a register never fetched has none). */
export async function storedBankLists(db: Database, projectIds: readonly string[]): Promise<Map<string, StoredBankList>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(registerBanks)
    .where(inArray(registerBanks.projectId, [...projectIds]));
  return new Map(rows.map((row) => [row.projectId, row]));
}

/** The stored bank of this register with this symbol; undefined when the list has none such (or no list). */
export async function findStoredBank(db: Database, projectId: string, symbol: string): Promise<Bank | undefined> {
  const list = (await storedBankLists(db, [projectId])).get(projectId);
  return list?.banks.find((bank) => bank.symbol === symbol);
}

/**
 * Refuses a `bank_symbol` that the register's stored list does not offer for `currency`, as a
 * field error of the form's Bank field (nothing is sent to HighHelp).
 */
export async function assertBankOffered(db: Database, projectId: string, currency: string, symbol: string): Promise<Bank> {
  const bank = await findStoredBank(db, projectId, symbol);
  if (bank === undefined || !bankFitsCurrency(bank, currency)) {
    const problem =
      bank === undefined
        ? "payinForm.errors.bankUnknown"
        : message("payinForm.errors.bankCurrency", { bank: bankLabel(bank), currency });
    throw new AppError("bad_request:validation", "errors.validation", { bankSymbol: [problem] });
  }
  return bank;
}

/** A stored list as the new payin form takes it (serialisable). */
export function bankListForForm(list: StoredBankList): RegisterBankList {
  return { banks: list.banks, fetchedAt: list.fetchedAt?.toISOString() ?? null, problem: list.lastError };
}
