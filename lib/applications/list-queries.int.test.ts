import { sql, type SQL } from "drizzle-orm";
import { runStuckRule } from "@/lib/work/stuck";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications } from "@/drizzle/schema";
import { seedApplications, seedPaymentId, seedTypeCounts } from "@/drizzle/seed";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { isFinalStatus } from "@/lib/highhelp/status";
import { csvRow, csvHeader, csvHeaderCells, CSV_COLUMNS } from "./csv-export";
import { listSearchParams, parseListParams, SORT_KEYS, type ListParams, type SortDirection, type SortKey } from "./url-state";
import { countApplications, exportBatches, firstPageSql, listApplications, listWhere } from "./list-queries";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";

const SEEDED = 700;
const TIE_ROWS = 30;
const NOW = new Date();

interface Ref {
  id: number;
  payment_id: string;
  request_id: string | null;
  customer_id: string | null;
  card_last4: string | null;
  amount: number;
  old_amount: number | null;
  currency: string;
  status: string | null;
  submission: string;
  sub_status: string | null;
  method: string | null;
  widget_method: string | null;
  product: string;
  integration: string;
  expires_at: string | null;
  created: string;
  updated: string;
}

const utf8 = (s: string) => Buffer.from(s, "utf8");

/** The reference order, computed in JavaScript from every row: what the database must agree with. */
function compare(sort: SortKey, dir: SortDirection) {
  const sign = dir === "asc" ? 1 : -1;
  return (a: Ref, b: Ref): number => {
    let c: number;
    if (sort === "created") c = a.created < b.created ? -1 : a.created > b.created ? 1 : 0;
    else if (sort === "updated") c = a.updated < b.updated ? -1 : a.updated > b.updated ? 1 : 0;
    else if (sort === "amount") c = a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : a.amount - b.amount;
    else c = Buffer.compare(utf8(a.payment_id), utf8(b.payment_id));
    return sign * (c !== 0 ? c : a.id - b.id);
  };
}

const params = (query: string): ListParams => parseListParams(new URLSearchParams(query));

describe.each(testDatabaseKinds())("list queries on %s", (kind) => {
  let database: TestDatabase;
  let payins: Ref[];

  async function walkForward(query: string, size = 25): Promise<number[]> {
    const ids: number[] = [];
    let p = params(`${query}&size=${size}`);
    for (let guard = 0; guard < 1000; guard++) {
      const page = await listApplications(database.db, "payin", p, ALL_PROJECTS, NOW);
      ids.push(...page.rows.map((r) => r.id));
      expect(page.rows.length).toBeLessThanOrEqual(size);
      if (!page.nextCursor) return ids;
      expect(page.rows.length).toBe(size);
      p = parseListParams(listSearchParams(p, { after: page.nextCursor, before: null }));
    }
    throw new Error("did not end");
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const result = await seedApplications(database.db, { count: SEEDED, seed: 42, chunkSize: 300 });
    expect(result.applications).toBe(SEEDED);
    expect(result.statusEvents).toBeGreaterThan(SEEDED);
    // Rows sharing one timestamp and amount: the keyset must break ties on id.
    await database.db.insert(applications).values(
      Array.from({ length: TIE_ROWS }, (_, i) => ({
        projectId: "tie",
        paymentId: `TIE-${String(i).padStart(2, "0")}${i % 3 === 0 ? "é" : ""}`,
        type: "payin" as const,
        product: "p2p" as const,
        integration: "h2h" as const,
        method: "card-p2p",
        amount: 777_700,
        currency: "KZT",
        status: "success" as const,
        createdAt: new Date("2026-01-01T00:00:00.123Z"),
        updatedAt: new Date("2026-01-01T00:00:00.123Z"),
      })),
    );
    // Microsecond timestamps, which a JavaScript Date cannot hold: the cursor must keep them.
    await database.db.execute(
      sql`update applications set created_at = created_at + interval '456 microseconds' where project_id = 'tie' and id % 2 = 0`,
    );
    // The "needs attention" view reads the work queue: the database opened items for the seeded disputes, errors
    // and changed amounts; the periodic rule opens those past their lifetime.
    await runStuckRule(database.db, NOW);
    const rows = await executeRows(
      database.db,
      sql`select id, payment_id, request_id, customer_id, card_last4, amount::text as amount, old_amount::text as old_amount, currency, status, submission, sub_status, method,
                 widget_method, product, integration, expires_at,
                 to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as created,
                 to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as updated
          from applications where type = 'payin'`,
    );
    payins = rows.map((r) => ({
      ...(r as unknown as Ref),
      id: Number(r.id),
      amount: Number(r.amount),
      old_amount: r.old_amount === null ? null : Number(r.old_amount),
      expires_at: r.expires_at === null ? null : new Date(String(r.expires_at)).toISOString(),
    }));
    expect(payins.length).toBe(seedTypeCounts(SEEDED).payin + TIE_ROWS);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("seeds deterministic payment ids for both types", async () => {
    const counts = seedTypeCounts(SEEDED);
    const ids = new Set(payins.map((r) => r.payment_id));
    expect(ids.has(seedPaymentId("payin", 1))).toBe(true);
    expect(ids.has(seedPaymentId("payin", counts.payin))).toBe(true);
    expect(ids.has(seedPaymentId("payin", counts.payin + 1))).toBe(false);
    const payout = await listApplications(
      database.db,
      "payout",
      params(`q=${seedPaymentId("payout", counts.payout)}`),
      ALL_PROJECTS,
      NOW,
    );
    expect(payout.rows.map((r) => r.paymentId)).toEqual([seedPaymentId("payout", counts.payout)]);
    const statuses = new Set(payins.map((r) => r.status));
    expect([...statuses].sort()).toEqual(["decline", "dispute", "error", "processing", "success", null].sort());
    expect(new Set(payins.map((r) => r.currency))).toEqual(new Set(["KZT", "KGS", "UZS", "RUB"]));
  });

  for (const sort of SORT_KEYS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`covers every row exactly once, in order, page by page: ${sort} ${dir}`, async () => {
        const expected = [...payins].sort(compare(sort, dir)).map((r) => r.id);
        const forward = await walkForward(`sort=${sort}&dir=${dir}`);
        expect(forward).toEqual(expected);

        // And backwards from the last page, through the "previous" links.
        let p = params(`sort=${sort}&dir=${dir}&size=25`);
        let last = await listApplications(database.db, "payin", p, ALL_PROJECTS, NOW);
        while (last.nextCursor) {
          p = parseListParams(listSearchParams(p, { after: last.nextCursor }));
          last = await listApplications(database.db, "payin", p, ALL_PROJECTS, NOW);
        }
        const backward: number[] = [...last.rows.map((r) => r.id)];
        let page = last;
        while (page.prevCursor) {
          p = parseListParams(listSearchParams(p, { before: page.prevCursor, after: null }));
          page = await listApplications(database.db, "payin", p, ALL_PROJECTS, NOW);
          expect(page.rows.length).toBe(25);
          expect(page.nextCursor).not.toBeNull();
          backward.unshift(...page.rows.map((r) => r.id));
        }
        expect(backward).toEqual(expected);
      });
    }
  }

  it("pages through a filtered list the same way", async () => {
    const expected = payins
      .filter((r) => r.currency === "KZT" && (r.status === "success" || r.status === "decline"))
      .sort(compare("amount", "desc"))
      .map((r) => r.id);
    expect(expected.length).toBeGreaterThan(50);
    expect(await walkForward("currency=KZT&status=success,decline&sort=amount&dir=desc", 25)).toEqual(expected);
  });

  const filterCases: Array<[string, (r: Ref) => boolean]> = [
    ["status=dispute,error", (r) => r.status === "dispute" || r.status === "error"],
    ["status=not_sent", (r) => r.status === null],
    ["status=processing,not_sent", (r) => r.status === "processing" || r.status === null],
    ["sub_status=no_payment,awaiting_confirm", (r) => r.sub_status === "no_payment" || r.sub_status === "awaiting_confirm"],
    ["currency=RUB", (r) => r.currency === "RUB"],
    ["method=card-p2p", (r) => (r.method ?? r.widget_method) === "card-p2p"],
    ["method=payin-p2p-card", (r) => (r.method ?? r.widget_method) === "payin-p2p-card"],
    ["product=ecom&integration=h2c", (r) => r.product === "ecom" && r.integration === "h2c"],
    ["min=1000&max=5000", (r) => r.amount >= 100_000 && r.amount <= 500_000],
    ["min=7777&max=7777.00", (r) => r.amount === 777_700],
  ];
  for (const [query, predicate] of filterCases) {
    it(`filters: ${query}`, async () => {
      const expected = payins
        .filter(predicate)
        .sort(compare("created", "desc"))
        .map((r) => r.id);
      expect(expected.length).toBeGreaterThan(0);
      const ids = await walkForward(query, 100);
      expect(ids).toEqual(expected);
      expect(await countApplications(database.db, "payin", params(query), ALL_PROJECTS, NOW)).toEqual({
        count: expected.length,
        capped: false,
      });
    });
  }

  it("filters on a created date range, whole UTC days, both ends included", async () => {
    const sorted = [...payins].sort(compare("created", "asc"));
    const day = sorted[Math.floor(sorted.length / 2)]!.created.slice(0, 10);
    const expected = payins
      .filter((r) => r.created.slice(0, 10) === day)
      .map((r) => r.id)
      .sort((a, b) => a - b);
    const page = await listApplications(database.db, "payin", params(`from=${day}&to=${day}&size=100`), ALL_PROJECTS, NOW);
    expect(page.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
  });

  it("searches payment_id (exact and prefix), request_id, customer id and card last four", async () => {
    const target = payins.find((r) => r.request_id && r.card_last4 && r.customer_id)!;
    const search = async (q: string) =>
      (await listApplications(database.db, "payin", params(`q=${encodeURIComponent(q)}&size=100`), ALL_PROJECTS, NOW)).rows.map(
        (r) => r.id,
      );

    expect(await search(target.payment_id)).toEqual([target.id]);
    const prefix = seedPaymentId("payin", 1).slice(0, -2); // SEED-PI-0000 → rows 1…99
    expect((await search(prefix)).sort((a, b) => a - b)).toEqual(
      payins
        .filter((r) => r.payment_id.startsWith(prefix))
        .map((r) => r.id)
        .sort((a, b) => a - b),
    );
    expect(await search(target.request_id!)).toEqual([target.id]);
    expect((await search(target.customer_id!)).sort()).toEqual(
      payins
        .filter((r) => r.customer_id === target.customer_id)
        .map((r) => r.id)
        .sort(),
    );
    expect((await search(target.card_last4!)).sort()).toEqual(
      payins
        .filter(
          (r) =>
            r.card_last4 === target.card_last4 ||
            r.payment_id.startsWith(target.card_last4!) ||
            r.amount === Number(target.card_last4) * 100,
        )
        .map((r) => r.id)
        .sort(),
    );
    // The type is part of every query: a payout's id does not show among payins.
    expect(await search(seedPaymentId("payout", 1))).toEqual([]);
  });

  it("treats LIKE wildcards and quotes in the search as text", async () => {
    for (const q of ["SEED%", "SEED-PI-00000_", "%", "_", "' or 1=1 --", "\\", "SEED-PI-\\%"]) {
      const page = await listApplications(database.db, "payin", params(`q=${encodeURIComponent(q)}`), ALL_PROJECTS, NOW);
      expect(page.rows).toEqual([]);
    }
  });

  it("shows what needs attention: dispute, error, changed amount, overdue and not final", async () => {
    const attention = (r: Ref) =>
      r.status === "dispute" ||
      r.status === "error" ||
      (r.old_amount !== null && r.old_amount !== r.amount) ||
      (!isFinalStatus(r.status) && r.expires_at !== null && r.expires_at < NOW.toISOString());
    const expected = payins
      .filter(attention)
      .sort(compare("created", "desc"))
      .map((r) => r.id);
    expect(expected.length).toBeGreaterThan(20);
    expect(payins.some((r) => r.old_amount !== null && r.old_amount !== r.amount && r.status === "success")).toBe(true);
    expect(await walkForward("view=attention", 25)).toEqual(expected);
    // Combined with a filter and another order.
    const changed = payins
      .filter((r) => attention(r) && r.status === "success")
      .sort(compare("amount", "asc"))
      .map((r) => r.id);
    expect(changed.length).toBeGreaterThan(0);
    expect(await walkForward("view=attention&status=success&sort=amount&dir=asc", 25)).toEqual(changed);
  });

  it("caps the count", async () => {
    expect(await countApplications(database.db, "payin", params(""), ALL_PROJECTS, NOW, 100)).toEqual({
      count: 100,
      capped: true,
    });
    expect(await countApplications(database.db, "payin", params(""), ALL_PROJECTS, NOW)).toEqual({
      count: payins.length,
      capped: false,
    });
    expect(await countApplications(database.db, "payin", params("q=nothing-like-this"), ALL_PROJECTS, NOW)).toEqual({
      count: 0,
      capped: false,
    });
  });

  it("answers an empty page, not an error, past the end or before the start", async () => {
    const sorted = [...payins].sort(compare("created", "desc"));
    const lastRow = sorted.at(-1)!;
    const p = params("");
    const past = await listApplications(
      database.db,
      "payin",
      { ...p, after: { sort: "created", dir: "desc", value: `${lastRow.created}Z`, id: lastRow.id } },
      ALL_PROJECTS,
      NOW,
    );
    expect(past.rows).toEqual([]);
    expect(past.nextCursor).toBeNull();
    const firstRow = sorted[0]!;
    const before = await listApplications(
      database.db,
      "payin",
      { ...p, before: { sort: "created", dir: "desc", value: `${firstRow.created}Z`, id: firstRow.id } },
      ALL_PROJECTS,
      NOW,
    );
    expect(before.rows).toEqual([]);
    expect(before.prevCursor).toBeNull();
  });

  it("exports the whole filtered list in batches, in list order, as CSV with masked cards", async () => {
    const query = "status=success,decline&sort=amount&dir=asc";
    const expected = payins.filter((r) => r.status === "success" || r.status === "decline").sort(compare("amount", "asc"));
    const rows = [];
    let batches = 0;
    for await (const batch of exportBatches(database.db, "payin", params(query), ALL_PROJECTS, 40, NOW)) {
      batches++;
      expect(batch.length).toBeLessThanOrEqual(40);
      rows.push(...batch);
    }
    expect(batches).toBe(Math.ceil(expected.length / 40));
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));

    const text = csvHeader() + rows.map((r) => csvRow(r, "payin")).join("");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(csvHeaderCells().join(","));
    expect(lines.length).toBe(expected.length + 1);
    expect(text).not.toMatch(/\d{13,}/); // no full card number anywhere
    const first = rows[0]!;
    const cells = lines[1]!.split(",");
    expect(cells[CSV_COLUMNS.indexOf("amount")]).toMatch(/^\d+\.\d{2}$/);
    expect(BigInt(cells[CSV_COLUMNS.indexOf("amount")]!.replace(".", ""))).toBe(BigInt(first.amount));
    const cards = rows.flatMap((r) => [r.senderPanMasked, r.receiverPanMasked]).filter(Boolean);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(card).toMatch(/^\d{6}\*{6}\d{4}$/);
  });

  it("filters by register (the URL's register) and by the reader's scope", async () => {
    const tie = payins.filter((r) => r.payment_id.startsWith("TIE-")).map((r) => r.id);
    const byRegister = await listApplications(database.db, "payin", params("register=tie&size=100"), ALL_PROJECTS, NOW);
    expect(byRegister.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...tie].sort((a, b) => a - b));
    expect(byRegister.rows.every((r) => r.projectId === "tie")).toBe(true);
    expect((await countApplications(database.db, "payin", params("size=100"), ["tie"], NOW)).count).toBe(tie.length);
    expect((await countApplications(database.db, "payin", params(""), [], NOW)).count).toBe(0);
    // The URL's register outside the reader's scope: nothing, not the register's rows.
    expect((await listApplications(database.db, "payin", params("register=tie"), ["another"], NOW)).rows).toEqual([]);

    const rows = [];
    for await (const batch of exportBatches(database.db, "payin", params("register=tie"), ALL_PROJECTS, 100, NOW))
      rows.push(...batch);
    const line = csvRow(rows[0]!, "payin", { registerNames: new Map([["tie", "Tie register"]]) }).split(",");
    expect(line[CSV_COLUMNS.indexOf("register")]).toBe("Tie register");
    expect(line[CSV_COLUMNS.indexOf("project_id")]).toBe("tie");
  });
  it("pages and counts a list filtered by status and currency on one range of applications_type_status_idx", async () => {
    const plan = (query: SQL) =>
      database.db.transaction(async (tx) => {
        // A few hundred rows: without these the planner would rather scan and sort them; at scale the range is the cheap way.
        for (const setting of ["enable_seqscan", "enable_sort", "enable_bitmapscan"])
          await tx.execute(sql.raw(`set local ${setting} = off`));
        const rows = await executeRows<Record<string, string>>(tx, sql`explain ${query}`);
        return rows.map((r) => Object.values(r)[0]).join("\n");
      });
    for (const query of ["status=error&currency=KZT", "status=success&currency=UZS&dir=asc", "status=decline"]) {
      const p = params(query);
      const page = await plan(firstPageSql(database.db, "payin", p, ALL_PROJECTS, NOW));
      const count = await plan(
        sql`select count(*) from (select 1 from ${applications} where ${listWhere("payin", p, ALL_PROJECTS, NOW)} limit 1001) m`,
      );
      expect(count, query).toMatch(/applications_type_status_idx/);
      // A single status and currency: the range is already in the list's order.
      if (query.includes("currency")) expect(page, query).toMatch(/applications_type_status_idx/);
      const expected = payins.filter((r) => r.status === p.status[0] && (!p.currency || r.currency === p.currency));
      expect((await countApplications(database.db, "payin", p, ALL_PROJECTS, NOW)).count, query).toBe(expected.length);
    }
  });
});
