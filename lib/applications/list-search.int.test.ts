import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedApplications } from "@/drizzle/seed";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import {
  countApplications,
  firstPageSql,
  listApplications,
  listWhere,
  searchArms,
  sumApplications,
  sumQuery,
} from "./list-queries";
import { streamingRows } from "@/lib/server/db";
import { listTotals } from "./list-totals";
import { foldRollups } from "@/lib/rollups/commands";
import { PAGE_SIZES, parseListParams, type ListParams } from "./url-state";
import { applications } from "@/drizzle/schema";
import type { ApplicationType } from "@/lib/highhelp/status";

const params = (query: string): ListParams => parseListParams(new URLSearchParams(query));
const NOW = new Date();
/** Three of these add up beyond 2^53 (9 007 199 254 740 992): a JS number could not hold the sum. */
const HUGE = 4_000_000_000_000_001n;

describe.each(testDatabaseKinds())("list search, amount order and totals on %s", (kind) => {
  let database: TestDatabase;

  const ids = async (type: ApplicationType, query: string) =>
    (await listApplications(database.db, type, params(`${query}&size=100`), ALL_PROJECTS, NOW)).rows
      .map((r) => r.paymentId)
      .sort();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await seedApplications(database.db, { count: 300, seed: 11, projectId: "seeded" });
    const row = (paymentId: string, extra: Record<string, unknown>) => ({
      projectId: "search",
      paymentId,
      type: "payin" as const,
      product: "p2p" as const,
      integration: "h2h" as const,
      method: "card-p2p",
      amount: 123_456,
      currency: "KZT",
      status: "success" as const,
      ...extra,
    });
    await database.db.insert(applications).values([
      row("PI-20261130-0001", { requestId: "Req-AbC-1", customerId: "Cust-XY", amount: 150_050 }),
      row("PI-20261130-0002", {
        senderCardHolder: "IVAN PETROV",
        senderPanMasked: "440043******4242",
        cardLast4: "4242",
        currency: "RUB",
        amount: 150_050,
      }),
      // The same last four at another bank, in a register of its own.
      row("CARD-OTHER-BANK", { projectId: "cards", senderPanMasked: "521324******4242", cardLast4: "4242" }),
      row("pi-20261201-0003", { customer: { first_name: "Aliya", last_name: "Nurlanova", email: "Aliya.N@Example.KZ" } }),
      row("PO-20261130-0004", {
        type: "payout",
        receiverCardHolder: "JOHN SMITH",
        status: null,
        submission: "awaiting_approval",
      }),
      row("PO-20261130-0005", { type: "payout", status: null, submission: "refused", receiverPhone: "+77001234567" }),
    ]);
    // Beyond what a JS number holds exactly: written as text.
    for (const n of [1, 2, 3]) {
      await database.db.execute(
        sql`insert into applications (project_id, payment_id, type, product, integration, amount, currency, status, old_amount)
            values ('huge', ${`HUGE-${n}`}, 'payin', 'p2p', 'h2h', ${HUGE.toString()}::bigint, 'KGS', 'dispute', ${HUGE.toString()}::bigint)`,
      );
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("finds payment ids by their start in any case", async () => {
    expect(await ids("payin", "q=pi-20261130")).toEqual(["PI-20261130-0001", "PI-20261130-0002"]);
    expect(await ids("payin", "q=PI-2026")).toEqual(["PI-20261130-0001", "PI-20261130-0002", "pi-20261201-0003"]);
    expect(await ids("payin", "q=pi-20261130-0001")).toEqual(["PI-20261130-0001"]);
  });

  it("finds request and customer ids exactly, in any case", async () => {
    expect(await ids("payin", "q=req-abc-1")).toEqual(["PI-20261130-0001"]);
    expect(await ids("payin", "q=REQ-ABC")).toEqual([]);
    expect(await ids("payin", "q=cust-xy")).toEqual(["PI-20261130-0001"]);
  });

  it("finds card holders, customer names and emails by their start, and the card's last four", async () => {
    expect(await ids("payin", "q=ivan pet&register=search")).toEqual(["PI-20261130-0002"]);
    expect(await ids("payout", "q=john")).toEqual(["PO-20261130-0004"]);
    expect(await ids("payin", "q=ALIYA NUR")).toEqual(["pi-20261201-0003"]);
    expect(await ids("payin", "q=nurlanova")).toEqual(["pi-20261201-0003"]);
    expect(await ids("payin", "q=aliya.n@example")).toEqual(["pi-20261201-0003"]);
    expect(await ids("payin", "q=4242&register=search")).toEqual(["PI-20261130-0002"]);
  });

  it("finds a card by its mask, or by the whole number typed, which the URL already carries masked", async () => {
    expect(await ids("payin", `q=${encodeURIComponent("440043******4242")}&register=search`)).toEqual(["PI-20261130-0002"]);
    expect(await ids("payin", `q=${encodeURIComponent("440043******4242")}&register=cards`)).toEqual([]);
    expect(await ids("payin", `q=${encodeURIComponent("5213 24** **** 4242")}`)).toEqual(["CARD-OTHER-BANK"]);
    // 4400430000074242 passes the Luhn check: a card number, read as 440043******4242.
    expect(parseListParams({ q: "4400 4300 0007 4242" }).q).toBe("440043******4242");
    expect(await ids("payin", `q=${encodeURIComponent("4400 4300 0007 4242")}`)).toEqual(["PI-20261130-0002"]);
  });

  it("finds the seeded customers whose names are spelt in Cyrillic, typed in any case", async () => {
    const named = await executeRows<{ payment_id: string }>(
      database.db,
      sql`select payment_id from ${applications} where project_id = 'seeded' and type = 'payin'
            and (customer ->> 'first_name' = 'Иван' or customer ->> 'last_name' like 'Иван%')`,
    );
    expect(named.length).toBeGreaterThan(0);
    const expected = named.map((r) => r.payment_id).sort();
    expect(await ids("payin", "q=ИВАН&register=seeded")).toEqual(expected);
    expect(await ids("payin", "q=иван&register=seeded")).toEqual(expected);
  });

  it("finds a phone payout by its receiver's phone, however the customer says it", async () => {
    for (const typed of ["+77001234567", "+7 (700) 123-45-67", "7 700 123 45 67", "8 700 123 45 67"]) {
      expect(await ids("payout", `q=${encodeURIComponent(typed)}`), typed).toEqual(["PO-20261130-0005"]);
    }
    expect(await ids("payout", "q=7001234567")).toEqual([]);
    expect(await ids("payout", `q=${encodeURIComponent("+7 700 123 45 68")}`)).toEqual([]);
  });

  it("finds an exact amount however it is typed, in the currency filter's exponent", async () => {
    expect(await ids("payin", `q=${encodeURIComponent("1 500,50")}`)).toEqual(["PI-20261130-0001", "PI-20261130-0002"]);
    expect(await ids("payin", "q=1500.50")).toEqual(["PI-20261130-0001", "PI-20261130-0002"]);
    expect(await ids("payin", "q=1500.50&currency=RUB")).toEqual(["PI-20261130-0002"]);
    expect(await ids("payin", "q=1500.5")).toEqual(["PI-20261130-0001", "PI-20261130-0002"]);
    expect(await ids("payin", "q=1500.51")).toEqual([]);
  });

  it("filters our side's states: awaiting approval, and every state without a HighHelp status", async () => {
    expect(await ids("payout", "q=PO-20261130&status=awaiting_approval")).toEqual(["PO-20261130-0004"]);
    expect(await ids("payout", "q=PO-20261130&status=not_sent")).toEqual(["PO-20261130-0004", "PO-20261130-0005"]);
  });

  it("serves every arm of the search from an index (no sequential scan)", async () => {
    const explain = (where: SQL) =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const rows = await executeRows<Record<string, string>>(tx, sql`explain select id from ${applications} where ${where}`);
        return rows.map((r) => Object.values(r)[0]).join("\n");
      });
    for (const q of ["PI-2026", "1 500,50", "4242", "+7 700 123 45 67", "440043******4242"]) {
      const arms = searchArms(q, null);
      expect(arms.length).toBeGreaterThanOrEqual(8);
      for (const arm of arms) {
        const plan = await explain(arm);
        if (process.env.SHOW_PLANS) console.log(plan);
        expect(plan, q).not.toMatch(/Seq Scan/);
        expect(plan, q).toMatch(/Index/);
      }
    }
    // And the whole WHERE of a search, type and all.
    const whole = await explain(listWhere("payin", params("q=ivan"), ALL_PROJECTS, NOW));
    expect(whole).not.toMatch(/Seq Scan/);
  });

  it("sums a name search once per row, reading the names' indexes alone", async () => {
    // Ivan Ivanov matches by full name and by last name: counted once.
    const totals = await sumApplications(database.db, "payin", params("q=ivan"), ALL_PROJECTS, NOW);
    const counted = await countApplications(database.db, "payin", params("q=ivan"), ALL_PROJECTS, NOW);
    expect(counted.count).toBeGreaterThan(0);
    expect(totals.perCurrency.reduce((n, c) => n + c.count, 0)).toBe(counted.count);

    await database.db.execute(sql`vacuum analyze applications`); // index-only scans need the visibility map
    const { query, byArm } = sumQuery("payin", params("q=ivan"), ALL_PROJECTS, NOW);
    expect(byArm).toBe(true);
    const plan = (await streamingRows<Record<string, string>>(database.db, sql`explain ${query}`))
      .map((r) => Object.values(r)[0])
      .join("\n");
    expect(plan).toMatch(/Index Only Scan using applications_type_customer_name_key_idx/);
    expect(plan).toMatch(/Index Only Scan using applications_type_customer_last_name_key_idx/);
  });

  it("plans a name search's capped sum once for every text: each arm reads its own index by a range given as values", async () => {
    // What PostgreSQL's streaming connections do with it (lib/server/db-open.ts): one generic plan per statement text.
    await database.db.execute(sql`vacuum analyze applications`);
    const { query } = sumQuery("payin", params("q=ivan"), ALL_PROJECTS, NOW);
    const { sql: text, params: values } = new PgDialect({ casing: "snake_case" }).sqlToQuery(query);
    const literal = (v: unknown) => (typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
    const plan = await database.db.transaction(async (tx) => {
      for (const setting of ["enable_seqscan = off", "enable_bitmapscan = off", "plan_cache_mode = force_generic_plan"])
        await tx.execute(sql.raw(`set local ${setting}`));
      await tx.execute(sql.raw(`prepare capped_sum as ${text}`));
      try {
        const rows = await executeRows<Record<string, string>>(
          tx,
          sql.raw(`explain execute capped_sum(${values.map(literal).join(", ")})`),
        );
        return rows.map((r) => Object.values(r)[0]).join("\n");
      } finally {
        await tx.execute(sql.raw("deallocate capped_sum"));
      }
    });
    if (process.env.SHOW_PLANS) console.log(plan);
    expect(plan).toMatch(/Index Only Scan using applications_type_customer_name_key_idx/);
    expect(plan).toMatch(/customer_name_key ~>=~ lower\(\$\d+\)/);
    expect(plan).toMatch(/Index Scan using applications_payment_id_lower_idx/);
    expect(plan).not.toMatch(/Seq Scan|Full|Bitmap/);
  });

  it("pages a search in created order by walking the search keys' index, with the rows the list's own WHERE finds", async () => {
    await database.db.execute(sql`vacuum analyze applications`); // index-only scans need the visibility map
    const plan = await database.db.transaction(async (tx) => {
      // A few hundred rows: without these the planner would rather scan and sort them; at scale the walk is the cheap way.
      for (const setting of ["enable_seqscan", "enable_sort", "enable_bitmapscan"])
        await tx.execute(sql.raw(`set local ${setting} = off`));
      const rows = await executeRows<Record<string, string>>(
        tx,
        sql`explain ${firstPageSql(database.db, "payin", params("q=ivan"), ALL_PROJECTS, NOW)}`,
      );
      return rows.map((r) => Object.values(r)[0]).join("\n");
    });
    if (process.env.SHOW_PLANS) console.log(plan);
    expect(plan).toMatch(/Index Only Scan using applications_type_created_key_idx/);

    const plain = async (query: string, dir: "asc" | "desc") =>
      (
        await executeRows<{ id: number }>(
          database.db,
          sql`select id from ${applications} where ${listWhere("payin", params(query), ALL_PROJECTS, NOW)}
              order by created_at ${sql.raw(dir)}, id ${sql.raw(dir)}`,
        )
      ).map((r) => Number(r.id));
    const SIZE = PAGE_SIZES[0];
    for (const query of ["q=ivan", "q=иван", "q=a", "q=seed", "q=aliya", "q=a_", "q=%25", "q=ivan&currency=KZT", "q=a&dir=asc"]) {
      const dir = query.includes("dir=asc") ? "asc" : "desc";
      // Forwards page by page, then back from the last page: the walk's cursors are the list's.
      const seen: number[] = [];
      let page = await listApplications(database.db, "payin", params(`${query}&size=${SIZE}`), ALL_PROJECTS, NOW);
      seen.push(...page.rows.map((r) => r.id));
      while (page.nextCursor) {
        const cursor = page.nextCursor;
        page = await listApplications(
          database.db,
          "payin",
          { ...params(`${query}&size=${SIZE}`), after: cursor },
          ALL_PROJECTS,
          NOW,
        );
        seen.push(...page.rows.map((r) => r.id));
      }
      expect(seen, query).toEqual(await plain(query, dir));
      if (page.prevCursor) {
        const back = await listApplications(
          database.db,
          "payin",
          { ...params(`${query}&size=${SIZE}`), before: page.prevCursor },
          ALL_PROJECTS,
          NOW,
        );
        expect(
          back.rows.map((r) => r.id),
          query,
        ).toEqual(seen.slice(-SIZE - page.rows.length, -page.rows.length));
      }
    }
  });

  it("orders by amount within each currency, never mixing them", async () => {
    const page = await listApplications(database.db, "payin", params("sort=amount&dir=desc&size=100"), ALL_PROJECTS, NOW);
    const currencies = page.rows.map((r) => r.currency);
    const runs = currencies.filter((c, i) => i === 0 || c !== currencies[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
    expect([...runs]).toEqual([...runs].sort().reverse());
    for (let i = 1; i < page.rows.length; i++) {
      const [a, b] = [page.rows[i - 1]!, page.rows[i]!];
      if (a.currency === b.currency) expect(a.amount >= b.amount).toBe(true);
    }
    expect(page.nextCursor?.value).toMatch(/^[A-Z]{3}:\d+$/);
  });

  it("totals of a search are those of the list's own WHERE: a row two arms match is counted once", async () => {
    const plain = async (query: string, scope = ALL_PROJECTS) =>
      (
        await executeRows<{ currency: string; count: string; amount: string }>(
          database.db,
          sql`select currency, count(*)::text as count, sum(amount)::text as amount from ${applications}
              where ${listWhere("payin", params(query), scope, NOW)} group by currency order by currency`,
        )
      ).map((r) => ({ currency: r.currency, count: Number(r.count), amount: BigInt(r.amount) }));
    // "pi-2026" and "1500.50" match PI-20261130-0001 by two arms each; the seeded rows make the rest broad.
    for (const query of [
      "q=pi-2026",
      "q=1500.50",
      "q=4242&register=search",
      "q=seed",
      "q=a",
      // A name that is a card holder too, a name and an email, customer ids and emails: a row only in the first arm it matches.
      "q=ivan",
      "q=aliya",
      "q=cust",
      // LIKE's wildcards typed: each arm and the first-arm function read them as themselves.
      "q=a_",
      "q=%25",
      "q=PI&currency=KZT",
      "q=cust-0&view=attention",
    ]) {
      const totals = await listTotals(database.db, "payin", params(query), ALL_PROJECTS, NOW);
      expect(totals.source, query).toBe("scan");
      expect(totals.perCurrency, query).toEqual(await plain(query));
      expect((await listTotals(database.db, "payin", params(query), ["search"], NOW)).perCurrency, query).toEqual(
        await plain(query, ["search"]),
      );
    }
    // A search read arm by arm turns sequential and bitmap scans off on its own connections (PostgreSQL), or for its
    // own transaction (PGlite): the list's other statements plan with both.
    const settings = sql`select current_setting('enable_seqscan') as seq, current_setting('enable_bitmapscan') as bitmap`;
    expect(await streamingRows(database.db, settings)).toEqual([{ seq: "off", bitmap: "off" }]);
    expect(await executeRows(database.db, settings)).toEqual([{ seq: "on", bitmap: "on" }]);
  });

  it("totals per currency exactly beyond 2^53, for a search, the needs-attention view and the rollups alike", async () => {
    const expected = { currency: "KGS", count: 3, amount: HUGE * 3n };
    for (const query of ["q=huge-", "view=attention&currency=KGS&register=huge", "q=HUGE&status=dispute"]) {
      const totals = await listTotals(database.db, "payin", params(query), ALL_PROJECTS, NOW);
      expect(totals.source, query).toBe("scan");
      expect(totals.perCurrency, query).toEqual([expected]);
      expect(await countApplications(database.db, "payin", params(query), ALL_PROJECTS, NOW)).toEqual({
        count: 3,
        capped: false,
      });
    }
    expect(HUGE * 3n > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);

    await foldRollups(database.db, { budgetMs: Number.POSITIVE_INFINITY });
    const rolled = await listTotals(database.db, "payin", params("register=huge&currency=KGS"), ALL_PROJECTS, NOW);
    expect(rolled.source).toBe("rollups");
    expect(rolled.perCurrency).toEqual([expected]);
  });
});
