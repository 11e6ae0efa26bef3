import { translateText } from "@/lib/i18n/translate";
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applications } from "@/drizzle/schema";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { submitPayin } from "@/lib/applications/submit-payin";
import { DEFAULT_SIGNATURE_PROFILE, type HighHelpClient, type HighHelpResult, type PaymentResponse } from "@/lib/highhelp";
import type { BankListResponse } from "@/lib/highhelp/responses";
import { createRegister } from "@/lib/registers/commands";
import { createSecretBox } from "@/lib/registers/secret-box";
import { AppError } from "@/lib/server/errors";
import type { Gateway } from "@/lib/server/gateway";
import { newPaymentId } from "@/lib/server/ids";
import { ALERT_PUBLIC_PEM, MERCHANT_PRIVATE_PEM } from "@/test/highhelp";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { BANK_LIST_MAX_AGE_MS, BANK_LIST_RETRY_MS, bankListsForUse, refreshBankList } from "./commands";
import { storedBankLists } from "./queries";

/*
 * A register's bank list: fetched on first use and again when a day old, kept when HighHelp fails
 * (with the reason in plain words), and the only banks a payin may preselect.
 */

const PROJECT = "5a4db0c5-7e57-4b0c-8a11-00000000b001";
const actor = { userId: null, email: "operator@banks.test" };
const box = createSecretBox(crypto.randomBytes(32));

const directory = (symbols: string[]): HighHelpResult<BankListResponse> => ({
  ok: true,
  httpStatus: 200,
  data: {
    banks: symbols.map((symbol) => ({
      symbol,
      name: symbol.split("-")[0]!.toUpperCase(),
      raw: { bank_symbol: symbol, currency: symbol.split("-").pop()!.toUpperCase() },
    })),
  },
});
const down: HighHelpResult<BankListResponse> = {
  ok: false,
  error: { kind: "timeout", endpoint: "bankList", timeoutMs: 2_000, attempts: 3 },
};

function fakeGateway() {
  const calls = { bankList: 0, creates: [] as Record<string, unknown>[] };
  const behaviour = { banks: directory(["kaspi-kzt", "halyk-kzt", "mbank-kgs"]) };
  const client = {
    async bankList() {
      calls.bankList += 1;
      return behaviour.banks;
    },
    async p2pPayinCreate(body: { payment: Record<string, unknown> }): Promise<HighHelpResult<PaymentResponse>> {
      calls.creates.push(body.payment);
      return { ok: true, httpStatus: 200, data: { status: "processing", sub_status: "new", request_id: "req-1" } };
    },
  } as unknown as HighHelpClient;
  const gateway: Gateway = {
    registerId: 1,
    name: "Banks register",
    projectId: PROJECT,
    apiUrl: "http://highhelp.invalid",
    sandbox: true,
    status: "active",
    currencies: [],
    methods: [],
    client,
    alertKeys: [],
    profile: DEFAULT_SIGNATURE_PROFILE,
    callbackUrls: {
      merchant_callback_url: "https://app.test/cb/intermediate",
      merchant_success_callback_url: "https://app.test/cb/success",
      merchant_decline_callback_url: "https://app.test/cb/decline",
    },
  };
  return { gateway, calls, behaviour };
}

describe.each(testDatabaseKinds())("register bank lists on %s", (kind) => {
  let database: TestDatabase;
  let fake: ReturnType<typeof fakeGateway>;
  const t0 = new Date("2026-03-02T08:00:00Z");
  const later = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await createRegister(
      database.db,
      {
        name: "Banks register",
        projectId: PROJECT,
        apiUrl: "https://api.highhelp.invalid",
        requestAlgorithm: "rsa",
        requestKey: MERCHANT_PRIVATE_PEM,
        alertAlgorithm: "rsa",
        alertKey: ALERT_PUBLIC_PEM,
        signatureProfile: null,
        currencies: [],
        methods: [],
      },
      actor,
      { box },
    );
  });
  afterAll(async () => database?.drop());
  beforeEach(() => {
    fake = fakeGateway();
  });

  it("fetches the list on first use, reuses it for a day, then fetches it again", async () => {
    const first = await bankListsForUse(database.db, [fake.gateway], t0);
    expect(first.get(PROJECT)?.banks.map((b) => [b.symbol, b.currency])).toEqual([
      ["kaspi-kzt", "KZT"],
      ["halyk-kzt", "KZT"],
      ["mbank-kgs", "KGS"],
    ]);
    expect(fake.calls.bankList).toBe(1);

    await bankListsForUse(database.db, [fake.gateway], later(BANK_LIST_MAX_AGE_MS - 1_000));
    expect(fake.calls.bankList).toBe(1);

    fake.behaviour.banks = directory(["kaspi-kzt", "forte-kzt"]);
    const dayOld = await bankListsForUse(database.db, [fake.gateway], later(BANK_LIST_MAX_AGE_MS + 1_000));
    expect(fake.calls.bankList).toBe(2);
    expect(dayOld.get(PROJECT)?.banks.map((b) => b.symbol)).toEqual(["kaspi-kzt", "forte-kzt"]);
    expect(dayOld.get(PROJECT)?.fetchedAt).toEqual(later(BANK_LIST_MAX_AGE_MS + 1_000));
  });

  it("keeps the stored list when HighHelp fails, says so in plain words, and does not retry on every use", async () => {
    const before = (await storedBankLists(database.db, [PROJECT])).get(PROJECT)!;
    fake.behaviour.banks = down;
    const at = later(3 * BANK_LIST_MAX_AGE_MS);
    const result = await refreshBankList(database.db, fake.gateway, at);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const words = translateText("en", result.message);
    expect(words).toMatch(/^HighHelp did not give the bank list: HighHelp did not answer within 2 seconds after 3 attempts\./);
    expect(words).toContain(
      `The list fetched ${before.fetchedAt!.toISOString().slice(0, 16).replace("T", " ")} UTC stays in use.`,
    );
    expect(result.list.banks).toEqual(before.banks);
    expect(result.list.fetchedAt).toEqual(before.fetchedAt);

    // Due (a day old), but the failure is recent: the page does not wait for HighHelp again.
    const soon = await bankListsForUse(database.db, [fake.gateway], new Date(at.getTime() + BANK_LIST_RETRY_MS - 1_000));
    expect(fake.calls.bankList).toBe(1);
    expect(soon.get(PROJECT)?.lastError).toBe(result.message);
    expect(soon.get(PROJECT)?.banks).toEqual(before.banks);

    fake.behaviour.banks = directory(["kaspi-kzt", "forte-kzt"]);
    const retried = await bankListsForUse(database.db, [fake.gateway], new Date(at.getTime() + BANK_LIST_RETRY_MS + 1_000));
    expect(fake.calls.bankList).toBe(2);
    expect(retried.get(PROJECT)?.lastError).toBeNull();
  });

  it("refuses a bank the register's list does not offer for the currency, and sends nothing", async () => {
    const request = (bankSymbol: string, currency = "KZT") => ({
      paymentId: newPaymentId("PI"),
      flow: "p2p" as const,
      amount: 150_000,
      currency,
      method: "card-p2p",
      bankSymbol,
    });
    for (const [bankSymbol, currency, message] of [
      ["nobank-kzt", "KZT", "This cash register's bank list has no such bank. Choose one of the banks listed."],
      ["kaspi-kzt", "KGS", "KASPI (kaspi-kzt) does not take KGS. Choose one of the banks listed."],
    ] as const) {
      const attempt = request(bankSymbol, currency);
      const error = await submitPayin(database.db, fake.gateway, attempt, actor, ALL_PROJECTS).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fieldErrors?.bankSymbol?.map((m) => translateText("en", m))).toEqual([message]);
      const written = await database.db.select().from(applications).where(eq(applications.paymentId, attempt.paymentId));
      expect(written).toEqual([]);
    }
    expect(fake.calls.creates).toEqual([]);
  });

  it("sends a listed bank as bank_symbol and keeps it on the application", async () => {
    const paymentId = newPaymentId("PI");
    const result = await submitPayin(
      database.db,
      fake.gateway,
      { paymentId, flow: "p2p", amount: 150_000, currency: "KZT", method: "card-p2p", bankSymbol: "forte-kzt" },
      actor,
      ALL_PROJECTS,
    );
    expect(result.outcome).not.toBe("refused");
    expect(fake.calls.creates).toEqual([expect.objectContaining({ method: "card-p2p", bank_symbol: "forte-kzt" })]);
    expect(result.application.bankSymbol).toBe("forte-kzt");
  });

  it("starts with no list when the very first fetch fails, and says payins go without a preselected bank", async () => {
    const other = "5a4db0c5-7e57-4b0c-8a11-00000000b002";
    await createRegister(
      database.db,
      {
        name: "Second",
        projectId: other,
        apiUrl: "https://api.highhelp.invalid",
        requestAlgorithm: "rsa",
        requestKey: MERCHANT_PRIVATE_PEM,
        alertAlgorithm: "rsa",
        alertKey: ALERT_PUBLIC_PEM,
        signatureProfile: null,
        currencies: [],
        methods: [],
      },
      actor,
      { box },
    );
    fake.behaviour.banks = down;
    const lists = await bankListsForUse(database.db, [{ projectId: other, client: fake.gateway.client }], t0);
    expect(lists.get(other)).toMatchObject({ banks: [], fetchedAt: null });
    expect(translateText("en", lists.get(other)?.lastError ?? "")).toMatch(
      /There is no list yet: payins go without a preselected bank\.$/,
    );
  });
});
