import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { applications } from "@/drizzle/schema";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { countApplications, listApplications, sumApplications } from "./list-queries";
import { fillSearchKeys, forgetSearchKeysState, searchKeysState } from "./search-keys";
import { parseListParams } from "./url-state";

const NOW = new Date();
const SEP = "\x1f";

describe.each(testDatabaseKinds())("the search key of applications on %s", (kind) => {
  let database: TestDatabase;

  const found = async (q: string) =>
    (
      await listApplications(database.db, "payin", parseListParams(new URLSearchParams({ q, size: "100" })), ALL_PROJECTS, NOW)
    ).rows
      .map((r) => r.paymentId)
      .sort();
  const keysOf = async (paymentId: string) =>
    (
      await database.db
        .select({ key: applications.searchKey, name: applications.customerNameKey, lastName: applications.customerLastNameKey })
        .from(applications)
        .where(eq(applications.paymentId, paymentId))
    )[0];
  const keyOf = async (paymentId: string) => (await keysOf(paymentId))?.key;
  /** As a row written before the key existed: the trigger is off while its key is cleared. */
  const forgetKeys = async (where = sql`true`) => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table applications disable trigger applications_search_key`);
      await tx.execute(
        sql`update applications set search_key = null, customer_name_key = null, customer_last_name_key = null where ${where}`,
      );
      await tx.execute(sql`alter table applications enable trigger applications_search_key`);
    });
    forgetSearchKeysState(database.db);
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const row = (paymentId: string, extra: Record<string, unknown>) => ({
      projectId: "keys",
      paymentId,
      type: "payin" as const,
      product: "p2p" as const,
      integration: "h2h" as const,
      amount: 100_00,
      currency: "KZT",
      status: "success" as const,
      ...extra,
    });
    await database.db
      .insert(applications)
      .values([
        row("KEY-1", { customer: { first_name: "Айгерим", last_name: "Садыкова", email: "Aigerim@Mail.KZ" } }),
        row("KEY-2", { senderCardHolder: "AIGERIM SADYK", requestId: "Req-77", customerId: "C-1" }),
        row("KEY-3", { receiverCardHolder: "Ivan Petrov", customer: { last_name: "Sadyk" } }),
        ...Array.from({ length: 7 }, (_, i) => row(`KEY-X${i}`, { customer: { first_name: "Olga", last_name: `N${i}` } })),
      ]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("is written with the row and follows every change of its texts", async () => {
    expect(await keyOf("KEY-2")).toBe(`${SEP}key-2${SEP}req-77${SEP}c-1${SEP}aigerim sadyk${SEP}${SEP}${SEP}${SEP}`);
    expect(await keyOf("KEY-1")).toBe(
      `${SEP}key-1${SEP}${SEP}${SEP}${SEP}${SEP}айгерим садыкова${SEP}садыкова${SEP}aigerim@mail.kz`,
    );
    expect(await keysOf("KEY-1")).toMatchObject({ name: "айгерим садыкова", lastName: "садыкова" });
    // No customer: an empty name (a filled key), no last name.
    expect(await keysOf("KEY-2")).toMatchObject({ name: "", lastName: null });
    await database.db
      .update(applications)
      .set({ customer: { first_name: "Dana", last_name: "Kim" } })
      .where(eq(applications.paymentId, "KEY-X6"));
    expect(await keysOf("KEY-X6")).toMatchObject({ name: "dana kim", lastName: "kim" });
    expect(await found("kim")).toEqual(["KEY-X6"]);
    await database.db
      .update(applications)
      .set({ customer: { first_name: "Olga", last_name: "N6" } })
      .where(eq(applications.paymentId, "KEY-X6"));

    await database.db.update(applications).set({ senderCardHolder: "ASEL MARAT" }).where(eq(applications.paymentId, "KEY-2"));
    expect(await found("asel")).toEqual(["KEY-2"]);
    expect(await found("aigerim sad")).toEqual([]);
    await database.db.update(applications).set({ senderCardHolder: "AIGERIM SADYK" }).where(eq(applications.paymentId, "KEY-2"));
    // A writer cannot set a key of its own: the trigger writes it from the texts.
    await database.db.update(applications).set({ searchKey: "anything" }).where(eq(applications.paymentId, "KEY-2"));
    expect(await keyOf("KEY-2")).toContain(`${SEP}aigerim sadyk`);
  });

  it("finds the same rows in any case, Cyrillic too, whether the rows' keys are filled or not", async () => {
    const queries = ["aigerim", "АЙГЕРИМ САД", "садыкова", "Sadyk", "ivan p", "olga", "olga n3", "req-77", "nobody"];
    const expected: Record<string, string[]> = {
      aigerim: ["KEY-1", "KEY-2"],
      "АЙГЕРИМ САД": ["KEY-1"],
      садыкова: ["KEY-1"],
      Sadyk: ["KEY-3"],
      "ivan p": ["KEY-3"],
      olga: Array.from({ length: 7 }, (_, i) => `KEY-X${i}`),
      "olga n3": ["KEY-X3"],
      "req-77": ["KEY-2"],
      nobody: [],
    };
    for (const q of queries) expect(await found(q), q).toEqual(expected[q]);
    expect(await searchKeysState(database.db)).toBe("filled");
    await forgetKeys(sql`payment_id in ('KEY-1', 'KEY-X3')`);
    expect(await searchKeysState(database.db)).toBe("filling");
    expect(await keysOf("KEY-1")).toEqual({ key: null, name: null, lastName: null });
    for (const q of queries) expect(await found(q), `${q}, some keys missing`).toEqual(expected[q]);
    const count = await countApplications(
      database.db,
      "payin",
      parseListParams(new URLSearchParams({ q: "olga" })),
      ALL_PROJECTS,
      NOW,
    );
    expect(count).toEqual({ count: 7, capped: false });
    // The capped sum reads arm by arm: the rows without keys are summed once too.
    for (const q of ["olga", "aigerim", "sadyk"]) {
      const totals = await sumApplications(database.db, "payin", parseListParams(new URLSearchParams({ q })), ALL_PROJECTS, NOW);
      expect(
        totals.perCurrency.reduce((n, c) => n + c.count, 0),
        q,
      ).toBe(expected[q === "sadyk" ? "Sadyk" : q]!.length);
    }
    await fillSearchKeys(database.db);
  });

  it("fills the missing keys in batches, and says when some are left", async () => {
    await forgetKeys();
    expect(await fillSearchKeys(database.db, { batchSize: 3, maxBatches: 2 })).toEqual({ filled: 6, more: true });
    expect(await fillSearchKeys(database.db, { batchSize: 3, maxBatches: 2 })).toEqual({ filled: 4, more: false });
    expect(await fillSearchKeys(database.db)).toEqual({ filled: 0, more: false });
    expect(await searchKeysState(database.db)).toBe("filled");
    const [wrong] = await executeRows<{ n: unknown }>(
      database.db,
      sql`select count(*) as n from applications where search_key is distinct from applications_search_key(
            payment_id, request_id, customer_id, sender_card_holder, receiver_card_holder, customer)
            or customer_name_key is distinct from lower(btrim(
              coalesce(customer ->> 'first_name', '') || ' ' || coalesce(customer ->> 'last_name', '')))
            or customer_last_name_key is distinct from lower(customer ->> 'last_name')`,
    );
    expect(Number(wrong?.n)).toBe(0);
    expect(await found("aigerim")).toEqual(["KEY-1", "KEY-2"]);
  });
});
