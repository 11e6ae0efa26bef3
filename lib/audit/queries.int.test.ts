import { sql } from "drizzle-orm";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, auditLog, type NewApplication } from "@/drizzle/schema";
import { recordAudit } from "./commands";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { createUser } from "@/lib/accounts/commands";
import { AUDIT_PAGE_SIZE, listAuditActions, queryAuditLog } from "./queries";
import { auditSearchParams, DEFAULT_AUDIT_STATE, encodeAuditCursor, parseAuditParams, type AuditParams } from "./url-state";

/** Rows sharing one `at` (one transaction: now() is its start), more than a page: the keyset must break ties on id. */
const TIE_ROWS = AUDIT_PAGE_SIZE + 15;

interface Ref {
  id: number;
  at: string;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  application_id: number | null;
}

const byNewest = (a: Ref, b: Ref) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id);

/** The filter cases that must match nothing. */
const NONE = (): boolean => false;

const params = (query: string): AuditParams => parseAuditParams(new URLSearchParams(query));

const application = (paymentId: string): NewApplication => ({
  projectId: "audit",
  paymentId,
  type: "payin",
  product: "p2p",
  integration: "h2h",
  amount: 150_000,
  currency: "KZT",
});

describe.each(testDatabaseKinds())("audit log queries on %s", (kind) => {
  let database: TestDatabase;
  let entries: Ref[];
  let appA: number;
  let appB: number;

  /** Every id the "Older" links reach from the first page, and how many pages it took. */
  async function walk(query: string, size = AUDIT_PAGE_SIZE): Promise<{ ids: number[]; pages: number }> {
    const ids: number[] = [];
    let p = params(query);
    for (let pages = 1; pages < 1000; pages++) {
      const page = await queryAuditLog(database.db, p, ALL_PROJECTS, size);
      ids.push(...page.rows.map((r) => r.id));
      expect(page.rows.length).toBeLessThanOrEqual(size);
      if (!page.nextCursor) return { ids, pages };
      expect(page.rows.length).toBe(size);
      // Through the URL, as the page's link does.
      p = parseAuditParams(auditSearchParams(p, { after: page.nextCursor }));
      expect(p.ignored).toEqual([]);
    }
    throw new Error("did not end");
  }

  const expectedIds = (predicate: (r: Ref) => boolean) =>
    entries
      .filter(predicate)
      .sort(byNewest)
      .map((r) => r.id);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    const alice = await createUser(db, {
      email: "alice@example.kz",
      name: "Alice",
      role: "admin",
      password: "alice long password",
    });
    const alan = await createUser(db, {
      email: "alan@example.kz",
      name: "Alan",
      role: "operator",
      password: "alan long password",
    });
    const bob = await createUser(db, { email: "bob@example.kz", name: "Bob", role: "operator", password: "bob long password" });
    const [a, b] = await db
      .insert(applications)
      .values([application("PAY-A"), application("PAY-B")])
      .returning({ id: applications.id });
    appA = a!.id;
    appB = b!.id;

    const asAlice = { userId: alice.id, email: alice.email, ip: "10.0.0.1", userAgent: "Firefox" };
    const asAlan = { userId: alan.id, email: "Alan@Example.KZ", ip: "10.0.0.2" }; // a snapshot in mixed case
    const asBob = { userId: bob.id, email: bob.email, ip: "10.0.0.3" };
    await recordAudit(db, asAlan, {
      action: "payin.create",
      targetType: "application",
      targetId: "PAY-A",
      applicationId: appA,
      details: { amount: 150000, currency: "KZT" },
    });
    await recordAudit(db, asAlan, { action: "payin.confirm", targetType: "application", targetId: "PAY-A", applicationId: appA });
    await recordAudit(db, asBob, { action: "payin.create", targetType: "application", targetId: "PAY-B", applicationId: appB });
    // The application is known only by id (no target id), or only by target id (never created).
    await recordAudit(db, asAlice, { action: "payout.approve", targetType: "application", applicationId: appA });
    await recordAudit(db, asAlice, {
      action: "payout.refused_limit",
      targetType: "application",
      targetId: "PAY-ORPHAN",
      details: { reason: "<b>limit</b>" },
    });
    // A user whose id happens to read like a payment id must not match the application filter.
    await recordAudit(db, asAlice, { action: "user.role_change", targetType: "user", targetId: "PAY-A" });
    await recordAudit(db, asBob, { action: "payinx.other", targetType: "system" });
    await recordAudit(db, { userId: null, email: "bob@example.kz%" }, { action: "auth.sign_in_failed", targetType: "user" });

    await db.transaction(async (tx) => {
      for (let i = 0; i < TIE_ROWS; i++) {
        await recordAudit(tx, i % 2 === 0 ? asAlice : asBob, {
          action: "auth.sign_in",
          targetType: "user",
          targetId: String(i % 2 === 0 ? alice.id : bob.id),
        });
      }
    });

    // Fixed times around UTC day boundaries; a run of ties at one microsecond-precise instant.
    const at = (text: string) => sql`${text}::timestamptz`;
    const fixed = [
      "2025-12-31T23:59:59.999999Z",
      "2026-01-01T00:00:00.000000Z",
      "2026-01-02T12:00:00.000000Z",
      "2026-01-02T23:59:59.999999Z",
      "2026-01-03T00:00:00.000000Z",
    ];
    await db.insert(auditLog).values(
      fixed.map((text) => ({
        at: at(text),
        actorUserId: bob.id,
        actorEmail: bob.email,
        action: "system.tick",
        targetType: "system",
      })),
    );
    await db.insert(auditLog).values(
      Array.from({ length: 12 }, (_, i) => ({
        at: at(i % 3 === 0 ? "2026-01-05T10:00:00.000001Z" : "2026-01-05T10:00:00.000002Z"),
        actorUserId: alice.id,
        actorEmail: alice.email,
        action: "system.tick",
        targetType: "system",
      })),
    );

    const rows = await executeRows(
      db,
      sql`select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, actor_email, action, target_type, target_id, application_id from audit_log`,
    );
    entries = rows.map((r) => ({
      ...(r as unknown as Ref),
      id: Number(r.id),
      application_id: r.application_id === null ? null : Number(r.application_id),
    }));
    expect(entries.length).toBe(3 + 8 + TIE_ROWS + fixed.length + 12);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("shows the whole log newest first, 50 a page, each entry exactly once across pages with identical timestamps", async () => {
    const expected = [...entries].sort(byNewest).map((r) => r.id);
    const { ids, pages } = await walk("");
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / AUDIT_PAGE_SIZE));
    // Small pages put many boundaries inside the runs of equal timestamps.
    for (const size of [1, 4, 7]) expect((await walk("", size)).ids).toEqual(expected);
  });

  it("reads each row's fields, the payment id of its application, and details as data", async () => {
    const page = await queryAuditLog(database.db, params("action=payin.create&user=alan"), ALL_PROJECTS);
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      actorEmail: "Alan@Example.KZ",
      action: "payin.create",
      targetType: "application",
      targetId: "PAY-A",
      applicationId: appA,
      paymentId: "PAY-A",
      ipAddress: "10.0.0.2",
      details: { amount: 150000, currency: "KZT" },
    });
    expect(page.rows[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const approve = (await queryAuditLog(database.db, params("action=payout.approve"), ALL_PROJECTS)).rows;
    expect(approve.map((r) => [r.targetId, r.paymentId])).toEqual([[null, "PAY-A"]]);
    const orphan = (await queryAuditLog(database.db, params("action=payout.refused_limit"), ALL_PROJECTS)).rows;
    expect(orphan.map((r) => [r.targetId, r.paymentId, r.details])).toEqual([["PAY-ORPHAN", null, { reason: "<b>limit</b>" }]]);
  });

  const filterCases: Array<[string, (r: Ref) => boolean]> = [
    // User: exact or prefix, case-insensitive; LIKE wildcards are text.
    ["user=alice@example.kz", (r) => r.actor_email === "alice@example.kz"],
    ["user=ALICE@Example.kz", (r) => r.actor_email === "alice@example.kz"],
    ["user=al", (r) => (r.actor_email ?? "").toLowerCase().startsWith("al")],
    ["user=alan@example.kz", (r) => r.actor_email === "Alan@Example.KZ"],
    ["user=bob@example.kz%25", (r) => r.actor_email === "bob@example.kz%"],
    ["user=%25", NONE],
    ["user=_", NONE],
    ["user=system", (r) => r.actor_email === "system"],
    // Action: exact, or a family by its prefix.
    ["action=payin.create", (r) => r.action === "payin.create"],
    ["action=PAYIN.CREATE", (r) => r.action === "payin.create"],
    ["action=auth.sign_in", (r) => r.action === "auth.sign_in"],
    ["action=payin.", (r) => r.action.startsWith("payin.")],
    ["action=payout.*", (r) => r.action.startsWith("payout.")],
    ["action=auth.", (r) => r.action.startsWith("auth.")],
    ["action=payin", NONE],
    // Application: its payment_id through application_id, or the target id of an application entry.
    ["application=PAY-A", (r) => r.application_id === appA || (r.target_type === "application" && r.target_id === "PAY-A")],
    ["application=PAY-B", (r) => r.application_id === appB],
    ["application=PAY-ORPHAN", (r) => r.target_id === "PAY-ORPHAN"],
    ["application=pay-a", NONE],
    ["application=PAY-", NONE],
    // Whole UTC days, both ends included.
    ["from=2026-01-01&to=2026-01-02", (r) => r.at >= "2026-01-01T" && r.at < "2026-01-03T"],
    ["from=2026-01-02&to=2026-01-02", (r) => r.at.startsWith("2026-01-02T")],
    ["to=2025-12-31", (r) => r.at < "2026-01-01T"],
    ["from=2026-01-03", (r) => r.at >= "2026-01-03T"],
    ["from=2026-01-03&to=2026-01-01", NONE],
    // Together.
    ["user=BOB&action=payin.&application=PAY-B", (r) => r.actor_email === "bob@example.kz" && r.application_id === appB],
    [
      "user=alice&action=system.tick&from=2026-01-05&to=2026-01-05",
      (r) => r.actor_email === "alice@example.kz" && r.action === "system.tick" && r.at.startsWith("2026-01-05"),
    ],
  ];
  for (const [query, predicate] of filterCases) {
    it(`filters: ${query}`, async () => {
      const p = params(query);
      expect(p.ignored).toEqual([]);
      const expected = expectedIds(predicate);
      // A case that matches nothing says so in its predicate; the others must match something.
      if (predicate !== NONE) expect(expected.length).toBeGreaterThan(0);
      expect((await walk(query, 5)).ids).toEqual(expected);
    });
  }

  it("pages a filtered log across a run of identical timestamps", async () => {
    const expected = expectedIds((r) => r.action === "auth.sign_in" && r.actor_email === "alice@example.kz");
    expect(expected.length).toBe(Math.ceil(TIE_ROWS / 2));
    expect(new Set(entries.filter((r) => r.action === "auth.sign_in").map((r) => r.at)).size).toBe(1);
    for (const size of [3, 10, AUDIT_PAGE_SIZE])
      expect((await walk("user=alice@example.kz&action=auth.sign_in", size)).ids).toEqual(expected);
  });

  it("lists the distinct actions present, A to Z", async () => {
    const expected = [...new Set(entries.map((r) => r.action))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(await listAuditActions(database.db)).toEqual(expected);
  });

  it("falls back to no filter for bad values, and says which were ignored", async () => {
    const bad = parseAuditParams({
      user: "x".repeat(300),
      action: "payin.create'; drop table audit_log; --",
      application: "\u0000\u0001 ",
      from: "2026-02-30",
      to: "yesterday",
      after: "not-a-cursor!",
    });
    expect(bad).toEqual({ ...DEFAULT_AUDIT_STATE, ignored: ["user", "action", "application", "from", "to", "after"] });
    // The first page, as without parameters.
    const first = await queryAuditLog(database.db, bad, ALL_PROJECTS);
    expect(first.rows.map((r) => r.id)).toEqual(
      [...entries]
        .sort(byNewest)
        .slice(0, AUDIT_PAGE_SIZE)
        .map((r) => r.id),
    );

    const cursors = [
      encodeAuditCursor({ at: "2026-01-01 00:00:00", id: 1 }),
      encodeAuditCursor({ at: "2026-13-01T00:00:00.000000Z", id: 1 }),
      encodeAuditCursor({ at: "2026-01-01T00:00:00.000000Z", id: -1 }),
      Buffer.from('["2026-01-01T00:00:00.000000Z"]').toString("base64url"),
      Buffer.from("{").toString("base64url"),
      "A".repeat(500),
    ];
    for (const after of cursors) expect(parseAuditParams({ after })).toEqual({ ...DEFAULT_AUDIT_STATE, ignored: ["after"] });
    expect(parseAuditParams({ from: "1999-12-31", to: "2026-1-1" }).ignored).toEqual(["from", "to"]);
    expect(parseAuditParams({ action: "payout..", user: "", application: "   " })).toEqual({
      ...DEFAULT_AUDIT_STATE,
      ignored: ["action"],
    });
  });

  it("takes the last of repeated parameters and round-trips a state through the URL", async () => {
    const p = parseAuditParams({ action: ["nonsense!", "payin.create"], user: ["a", " Bob@Example.kz "] });
    expect(p).toMatchObject({ action: "payin.create", user: "bob@example.kz", ignored: [] });
    const cursor = { at: "2026-01-05T10:00:00.000002Z", id: 12 };
    const state = {
      user: "bob@",
      action: "payout.",
      application: "PAY A/1",
      from: "2026-01-01",
      to: "2026-01-02",
      after: cursor,
    };
    expect(parseAuditParams(auditSearchParams(state))).toEqual({ ...state, ignored: [] });
    expect(auditSearchParams(DEFAULT_AUDIT_STATE).toString()).toBe("");
  });

  it("answers an empty last page past the oldest entry", async () => {
    const oldest = [...entries].sort(byNewest).at(-1)!;
    const page = await queryAuditLog(
      database.db,
      { ...DEFAULT_AUDIT_STATE, after: { at: oldest.at, id: oldest.id } },
      ALL_PROJECTS,
    );
    expect(page).toEqual({ rows: [], nextCursor: null });
  });

  it("is append-only: the database refuses to change or delete an entry", async () => {
    await expect(database.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    expect((await walk("")).ids.length).toBe(entries.length);
  });
});
