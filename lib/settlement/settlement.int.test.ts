import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applications, auditLog, balanceSnapshots, registers, statusEvents } from "@/drizzle/schema";
import { createUser } from "@/lib/accounts/commands";
import type { HighHelpClient, HighHelpResult } from "@/lib/highhelp";
import type { BalanceResponse } from "@/lib/highhelp/responses";
import { AppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { runScheduledSnapshots, snapshotActiveRegisters, takeSnapshotNow } from "./commands";
import { CSV_DIALECTS } from "@/lib/csv/dialect";
import { settlementCsvHeader, settlementCsvRow } from "./csv";
import { resolveSettlementView, settlementRows, settlementSql, settlementTotals } from "./queries";

type Balance = BalanceResponse["balance"];

/** balance/info per project_id from `books` (a missing one fails as HighHelp being down); counts the calls. */
function fakeClients(books: Map<string, Balance>, delayMs = 0) {
  const calls: string[] = [];
  const clients = async (projectId: string): Promise<Pick<HighHelpClient, "balanceInfo">> => ({
    balanceInfo: async (): Promise<HighHelpResult<BalanceResponse>> => {
      calls.push(projectId);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const balance = books.get(projectId);
      if (!balance)
        return { ok: false, error: { kind: "http_5xx", endpoint: "balanceInfo", status: 502, bodyText: "down" } as never };
      return { ok: true, data: { balance }, httpStatus: 200 };
    },
  });
  return { clients, calls };
}

describe.each(testDatabaseKinds())("settlement on %s", (kind) => {
  let database: TestDatabase;
  const ids = { kzt: 0, kgs: 0, off: 0 };

  async function addRegister(name: string, projectId: string, status: "active" | "disabled" = "active") {
    const [row] = await database.db
      .insert(registers)
      .values({
        name,
        projectId,
        apiUrl: "http://highhelp.invalid",
        requestAlgorithm: "hmac",
        requestKeyEncrypted: "v1:000000000000:not-a-real-key",
        requestKeyFingerprint: "SHA256:test",
        callbackToken: `token-${projectId}`,
        currencies: name.endsWith("KZT") ? ["KZT"] : [],
        status,
      })
      .returning();
    return row!.id;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ids.kzt = await addRegister("Settle KZT", "p-settle-kzt");
    ids.kgs = await addRegister("Settle KGS", "p-settle-kgs");
    ids.off = await addRegister("Settle off", "p-settle-off", "disabled");
  });
  afterAll(async () => {
    await database?.drop();
  });

  const snapshotsOf = (registerId: number) =>
    database.db
      .select()
      .from(balanceSnapshots)
      .where(eq(balanceSnapshots.registerId, registerId))
      .orderBy(balanceSnapshots.currency);
  const clearSnapshots = () => database.db.delete(balanceSnapshots);

  it("snapshots every active register, one row per currency at one time; a failing register is logged and the others go on", async () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    try {
      const { clients, calls } = fakeClients(
        new Map([
          [
            "p-settle-kzt",
            [
              { currency: "KZT", amount: 9_000, locked_amount: 1_000 },
              { currency: "usd", amount: 5, locked_amount: 0 },
            ],
          ],
          ["p-settle-off", [{ currency: "KZT", amount: 1, locked_amount: 0 }]],
        ]),
      );
      const outcomes = await snapshotActiveRegisters(database.db, clients);
      expect(calls).toEqual(["p-settle-kzt", "p-settle-kgs"]);
      expect(outcomes).toMatchObject([
        { registerId: ids.kzt, ok: true, currencies: ["KZT", "USD"] },
        { registerId: ids.kgs, ok: false },
      ]);
      const rows = await snapshotsOf(ids.kzt);
      expect(rows.map((r) => [r.currency, r.amount, r.lockedAmount, r.takenBy])).toEqual([
        ["KZT", 9_000n, 1_000n, null],
        ["USD", 5n, 0n, null],
      ]);
      expect(rows[0]!.takenAt.getTime()).toBe(rows[1]!.takenAt.getTime());
      expect(await snapshotsOf(ids.kgs)).toEqual([]);
      expect(await snapshotsOf(ids.off)).toEqual([]);
      expect(warn).toHaveBeenCalledWith(
        "settlement: balance snapshot failed",
        expect.objectContaining({ registerId: ids.kgs, projectId: "p-settle-kgs" }),
      );
    } finally {
      warn.mockRestore();
      await clearSnapshots();
    }
  });

  it("lease: two instances running the scheduled step at once take one snapshot per interval", async () => {
    await database.db.execute(sql`delete from job_leases where name = 'balance_snapshots'`);
    const { clients, calls } = fakeClients(new Map([["p-settle-kzt", [{ currency: "KZT", amount: 1, locked_amount: 0 }]]]), 20);
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    try {
      const [a, b] = await Promise.all([
        runScheduledSnapshots(database.db, clients, 3_600),
        runScheduledSnapshots(database.db, clients, 3_600),
      ]);
      expect([a, b].filter((outcome) => outcome === null)).toHaveLength(1);
      expect(calls.filter((p) => p === "p-settle-kzt")).toHaveLength(1);
      expect(await snapshotsOf(ids.kzt)).toHaveLength(1);
      // Within the interval, nobody takes another.
      expect(await runScheduledSnapshots(database.db, clients, 3_600)).toBeNull();
      expect(await snapshotsOf(ids.kzt)).toHaveLength(1);
      // Once the lease has run out, the next pass does.
      await database.db.execute(
        sql`update job_leases set lease_until = now() - interval '1 second' where name = 'balance_snapshots'`,
      );
      expect(await runScheduledSnapshots(database.db, clients, 3_600)).not.toBeNull();
      expect(await snapshotsOf(ids.kzt)).toHaveLength(2);
    } finally {
      warn.mockRestore();
      await clearSnapshots();
    }
  });

  it("take snapshot now: in the actor's name, audited, refused outside the scope like an unknown register", async () => {
    const admin = await createUser(database.db, {
      email: "settler@example.kz",
      name: "Settler",
      role: "admin",
      password: "settler long password",
    });
    const actor = { userId: admin.id, email: admin.email };
    const { clients } = fakeClients(new Map([["p-settle-kzt", [{ currency: "KZT", amount: 7, locked_amount: 3 }]]]));
    expect(await takeSnapshotNow(database.db, clients, ids.kzt, actor, "all")).toMatchObject({ ok: true, currencies: ["KZT"] });
    expect((await snapshotsOf(ids.kzt)).map((r) => r.takenBy)).toEqual([admin.id]);
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    try {
      expect(await takeSnapshotNow(database.db, clients, ids.kgs, actor, "all")).toMatchObject({ ok: false });
    } finally {
      warn.mockRestore();
    }
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "settlement.snapshot"), eq(auditLog.actorUserId, admin.id)))
      .orderBy(auditLog.id);
    expect(audit.map((a) => [a.targetType, a.targetId, a.details])).toEqual([
      ["register", "p-settle-kzt", { currencies: ["KZT"] }],
      ["register", "p-settle-kgs", { error: expect.any(String) }],
    ]);
    await expect(takeSnapshotNow(database.db, clients, ids.kzt, actor, ["p-settle-kgs"])).rejects.toThrow(AppError);
    await expect(takeSnapshotNow(database.db, clients, 999_999, actor, "all")).rejects.toThrow(AppError);
    expect(await snapshotsOf(ids.kzt)).toHaveLength(1);
    await clearSnapshots();
  });

  describe("intervals", () => {
    // Business days are DEFAULT_TIME_ZONE's (Asia/Almaty, UTC+5 in tests): 2026-01-10 runs 2026-01-09T19:00Z–2026-01-10T19:00Z.
    const t0 = new Date("2026-01-09T12:00:00Z"); // before the period: opens its first interval
    const t1 = new Date("2026-01-10T06:00:00Z");
    const t2 = new Date("2026-01-10T12:00:00Z");
    const t3 = new Date("2026-01-11T12:00:00Z"); // after the period
    const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);
    let serial = 0;

    async function success(
      type: "payin" | "payout",
      amount: number,
      receivedAt: Date,
      extra: { projectId?: string; currency?: string; eventAmount?: number | null; applied?: boolean; again?: Date } = {},
    ) {
      const paymentId = `SETTLE-${++serial}`;
      const projectId = extra.projectId ?? "p-settle-kzt";
      const [app] = await database.db
        .insert(applications)
        .values({
          projectId,
          paymentId,
          type,
          product: "p2p",
          integration: "h2h",
          amount,
          currency: extra.currency ?? "KZT",
          status: "success",
          submission: "sent",
        })
        .returning();
      const event = (when: Date, subStatus: string | null) => ({
        applicationId: app!.id,
        status: "success" as const,
        subStatus,
        amount: extra.eventAmount === undefined ? amount : extra.eventAmount,
        source: "callback" as const,
        idempotencyKey: `${projectId}:${paymentId}:success:${subStatus ?? ""}`,
        applied: extra.applied ?? true,
        receivedAt: when,
      });
      // An earlier, not-successful event, which never counts.
      await database.db.insert(statusEvents).values({
        applicationId: app!.id,
        status: "processing",
        source: "api_response",
        idempotencyKey: `${projectId}:${paymentId}:processing:`,
        receivedAt: at(receivedAt, -1),
      });
      await database.db.insert(statusEvents).values(event(receivedAt, null));
      if (extra.again) await database.db.insert(statusEvents).values(event(extra.again, "again"));
    }

    beforeAll(async () => {
      const snap = (takenAt: Date, amount: number, lockedAmount: number, currency = "KZT") => ({
        registerId: ids.kzt,
        currency,
        amount: BigInt(amount),
        lockedAmount: BigInt(lockedAmount),
        takenAt,
      });
      await database.db.insert(balanceSnapshots).values([
        snap(at(t0, -60), 1, 0),
        snap(t0, 9_000, 1_000),
        // A payout of 500 created: 500 moves from available to locked, the sum stays; and a payin of 1 000 succeeds.
        snap(t1, 9_500, 1_500),
        // A payout of 300 succeeds, and 700 more left that no application explains (a fee, say).
        snap(t2, 10_000, 0),
        snap(t3, 99_999, 0),
        snap(t1, 5, 0, "USD"),
      ]);
      // Interval (t0, t1]: a payin of 1 000, one on the closing boundary (counted here) and its later repeat (not again).
      await success("payin", 600, at(t0, 30));
      await success("payin", 400, t1, { again: at(t2, -5) });
      // Never in this register's KZT intervals: another register, another currency, an event that did not apply, one at the opening instant.
      await success("payin", 7_000, at(t0, 40), { projectId: "p-settle-kgs" });
      await success("payin", 8_000, at(t0, 40), { currency: "USD" });
      await success("payin", 9_000, at(t0, 50), { applied: false });
      await success("payin", 10_000, t0);
      // Interval (t1, t2]: a payout whose event carries no amount (the application's counts).
      await success("payout", 300, at(t1, 10), { eventAmount: null });
    });

    it("lines up each interval's movement (available + locked) with successful payins minus payouts, and marks the difference", async () => {
      const rows = await settlementRows(database.db, {
        registerId: ids.kzt,
        currency: "KZT",
        from: "2026-01-10",
        to: "2026-01-10",
      });
      expect(rows).toEqual([
        {
          openedAt: "2026-01-09T12:00:00.000000Z",
          closedAt: "2026-01-10T06:00:00.000000Z",
          opening: 10_000n,
          closing: 11_000n,
          openingLocked: 1_000n,
          closingLocked: 1_500n,
          movement: 1_000n,
          payinsCount: 2,
          payinsAmount: 1_000n,
          payoutsCount: 0,
          payoutsAmount: 0n,
          applied: 1_000n,
          difference: 0n,
        },
        {
          openedAt: "2026-01-10T06:00:00.000000Z",
          closedAt: "2026-01-10T12:00:00.000000Z",
          opening: 11_000n,
          closing: 10_000n,
          openingLocked: 1_500n,
          closingLocked: 0n,
          movement: -1_000n,
          payinsCount: 0,
          payinsAmount: 0n,
          payoutsCount: 1,
          payoutsAmount: 300n,
          applied: -300n,
          difference: -700n,
        },
      ]);
      expect(settlementTotals(rows)).toEqual({ movement: 0n, applied: 700n, difference: -700n, intervalsWithDifference: 1 });

      // The CSV: exact decimals in the dialect, times in the reader's zone beside UTC, the mark in words.
      const context = { register: "Settle KZT", currency: "KZT" };
      const semicolon = { dialect: CSV_DIALECTS.semicolon, locale: "ru", timeZone: "Asia/Almaty" };
      expect(settlementCsvHeader(semicolon)).toMatch(/^Касса;Валюта;Снимок на начало \(Asia\/Almaty\);/);
      expect(settlementCsvRow(rows[1]!, context, semicolon)).toBe(
        "Settle KZT;KZT;2026-01-10 11:00:00;2026-01-10 17:00:00;2026-01-10T06:00:00.000000Z;2026-01-10T12:00:00.000000Z;" +
          "110,00;100,00;'-10,00;0;0,00;1;3,00;'-3,00;'-7,00;нет\r\n",
      );
      expect(settlementCsvRow(rows[0]!, context, { dialect: CSV_DIALECTS.comma, locale: "en", timeZone: "UTC" })).toMatch(
        /,10\.00,0\.00,yes\r\n$/,
      );
    });

    it("takes the intervals whose closing snapshot is in the period, and nothing for another currency's or an empty period", async () => {
      const twoDays = await settlementRows(database.db, {
        registerId: ids.kzt,
        currency: "KZT",
        from: "2026-01-10",
        to: "2026-01-11",
      });
      expect(twoDays.map((r) => r.closedAt)).toEqual([
        "2026-01-10T06:00:00.000000Z",
        "2026-01-10T12:00:00.000000Z",
        "2026-01-11T12:00:00.000000Z",
      ]);
      const firstDay = await settlementRows(database.db, {
        registerId: ids.kzt,
        currency: "KZT",
        from: "2026-01-09",
        to: "2026-01-09",
      });
      expect(firstDay.map((r) => [r.openedAt, r.closedAt, r.movement, r.applied])).toEqual([
        ["2026-01-09T11:00:00.000000Z", "2026-01-09T12:00:00.000000Z", 9_999n, 10_000n],
      ]);
      expect(
        await settlementRows(database.db, { registerId: ids.kzt, currency: "USD", from: "2026-01-10", to: "2026-01-10" }),
      ).toEqual([]);
      expect(
        await settlementRows(database.db, { registerId: ids.kzt, currency: "KZT", from: "2026-02-01", to: "2026-02-02" }),
      ).toEqual([]);
    });

    it("resolves the view within the reader's scope: defaults, an unknown or out-of-scope register, a period too long", async () => {
      const now = new Date("2026-01-10T10:00:00Z");
      const all = await resolveSettlementView(database.db, { register: null, currency: null, from: null, to: null }, "all", now);
      expect(all.registers.map((r) => r.name)).toEqual(["Settle KGS", "Settle KZT", "Settle off"]);
      expect(all).toMatchObject({ from: "2026-01-04", to: "2026-01-10", periodProblem: null, unknownRegister: false });
      const kzt = await resolveSettlementView(
        database.db,
        { register: ids.kzt, currency: null, from: null, to: null },
        "all",
        now,
      );
      expect(kzt.currencies).toEqual(["KZT", "USD"]);
      expect(kzt.currency).toBe("KZT");
      const scoped = await resolveSettlementView(
        database.db,
        { register: ids.kzt, currency: "KZT", from: null, to: null },
        ["p-settle-kgs"],
        now,
      );
      expect(scoped).toMatchObject({ register: null, unknownRegister: true, currency: null });
      expect(scoped.registers.map((r) => r.name)).toEqual(["Settle KGS"]);
      const long = await resolveSettlementView(
        database.db,
        { register: ids.kzt, currency: "KZT", from: "2026-01-01", to: "2026-03-01" },
        "all",
        now,
      );
      expect(long.periodProblem).toBe("settlement.errors.periodTooLong");
    });

    it("reads successes from the index, not a scan of status events", async () => {
      const plan = await database.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const rows = await executeRows<Record<string, string>>(
          tx,
          sql`explain ${settlementSql({ registerId: ids.kzt, currency: "KZT", from: "2026-01-10", to: "2026-01-10" })}`,
        );
        return rows.map((r) => Object.values(r)[0]).join("\n");
      });
      if (process.env.SHOW_PLANS) console.log(plan);
      expect(plan).toMatch(/status_events_success_idx/);
      expect(plan).not.toMatch(/Seq Scan on status_events/);
    });
  });
});
