import "server-only";
import { message } from "@/lib/i18n/message";
import { sql } from "drizzle-orm";
import { registerBanks } from "@/drizzle/schema";
import { formatUtc } from "@/lib/dates/utc";
import { highHelpProblem, type HighHelpClient } from "@/lib/highhelp";
import type { Database } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { storedBankLists, type StoredBankList } from "./queries";
import { bankFromListItem } from "./schemas";

/** A stored list older than this is fetched again on its next use. */
export const BANK_LIST_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** After a failed fetch, the next automatic attempt waits this long (the button tries at once). */
export const BANK_LIST_RETRY_MS = 5 * 60 * 1000;

export interface BankListSource {
  projectId: string;
  client: Pick<HighHelpClient, "bankList">;
}

export type BankRefreshResult = { ok: true; list: StoredBankList } | { ok: false; message: string; list: StoredBankList };

/** What a failed refresh means for the form: a message (lib/i18n/message.ts), put into words where it is shown. */
export function bankRefreshProblem(cause: string, previous: StoredBankList | undefined): string {
  return previous?.fetchedAt
    ? message("banks.unavailableKept", { cause, fetchedAt: formatUtc(previous.fetchedAt, "minute") })
    : message("banks.unavailableNone", { cause });
}

/**
 * Fetches a register's bank directory and stores it. A failure keeps the stored list and records
 * why (shown next to the form's Bank field); the result says so.
 */
export async function refreshBankList(db: Database, source: BankListSource, now = new Date()): Promise<BankRefreshResult> {
  const previous = (await storedBankLists(db, [source.projectId])).get(source.projectId);
  const answer = await source.client.bankList();
  if (answer.ok) {
    const banks = answer.data.banks.filter((item) => item.symbol !== "").map(bankFromListItem);
    const [row] = await db
      .insert(registerBanks)
      .values({ projectId: source.projectId, banks, fetchedAt: now, lastAttemptAt: now, lastError: null })
      .onConflictDoUpdate({
        target: registerBanks.projectId,
        set: { banks, fetchedAt: now, lastAttemptAt: now, lastError: null },
      })
      .returning();
    return { ok: true, list: row! };
  }
  const message = bankRefreshProblem(highHelpProblem(answer.error), previous);
  logger.warn("banks: the bank list could not be fetched; keeping the stored one", {
    projectId: source.projectId,
    kind: answer.error.kind,
  });
  const [row] = await db
    .insert(registerBanks)
    .values({ projectId: source.projectId, banks: [], fetchedAt: null, lastAttemptAt: now, lastError: message })
    .onConflictDoUpdate({
      target: registerBanks.projectId,
      set: { lastAttemptAt: now, lastError: message, banks: sql`${registerBanks.banks}` },
    })
    .returning();
  return { ok: false, message, list: row! };
}

/** Whether a stored list is to be fetched again on use: none yet, or older than a day (not while a failure is recent). */
export function bankListDue(list: StoredBankList | undefined, now = new Date()): boolean {
  if (list === undefined) return true;
  if (now.getTime() - list.lastAttemptAt.getTime() < BANK_LIST_RETRY_MS && list.lastError !== null) return false;
  return list.fetchedAt === null || now.getTime() - list.fetchedAt.getTime() > BANK_LIST_MAX_AGE_MS;
}

/** The bank lists of these registers, each fetched first when due (in parallel). */
export async function bankListsForUse(
  db: Database,
  sources: readonly BankListSource[],
  now = new Date(),
): Promise<Map<string, StoredBankList>> {
  const stored = await storedBankLists(
    db,
    sources.map((s) => s.projectId),
  );
  await Promise.all(
    sources
      .filter((source) => bankListDue(stored.get(source.projectId), now))
      .map(async (source) => stored.set(source.projectId, (await refreshBankList(db, source, now)).list)),
  );
  return stored;
}
