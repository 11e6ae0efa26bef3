import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, workItems, type WorkReason } from "@/drizzle/schema";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { queueCounts, queuePage, type QueueFilter } from "./queries";
import { encodeQueueCursor, parseQueueParams, queueHref, type QueueCursor } from "./url-state";

/*
 * The queue's keyset paging in (created_at, id) order: walking Next from the first page, and Previous back from
 * the last, meets every open item exactly once, in order, although many items were opened at the same instant
 * and some only microseconds apart (the cursor keeps all six digits); the counts give the whole.
 */

const PROJECT = "project-paging";
// 23 items: runs of equal created_at, and times a microsecond apart (a millisecond cursor would merge them).
const TIMES = [
  ...Array(6).fill("2026-03-01T10:00:00.000000Z"),
  "2026-03-01T10:00:00.000001Z",
  "2026-03-01T10:00:00.000002Z",
  ...Array(5).fill("2026-03-01T10:00:00.000002Z"),
  ...Array(4).fill("2026-03-01T11:30:00.500000Z"),
  "2026-03-01T11:30:00.500001Z",
  ...Array(5).fill("2026-03-02T08:00:00.000000Z"),
] as string[];

describe.each(testDatabaseKinds())("the queue's pages on %s", (kind) => {
  let database: TestDatabase;
  /** Item ids in the queue's order. */
  let expected: number[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    const inserted: { id: number; at: string }[] = [];
    // Inserted out of time order, so ids do not follow created_at.
    const order = TIMES.map((at, i) => ({ at, i })).sort((a, b) => ((a.i * 7) % TIMES.length) - ((b.i * 7) % TIMES.length));
    for (const { at, i } of order) {
      const [app] = await db
        .insert(applications)
        .values({
          type: "payin",
          product: "p2p",
          integration: "h2h",
          amount: 10_000 + i,
          currency: "KZT",
          projectId: PROJECT,
          paymentId: `PAGE-${i}`,
          submission: "sent",
          status: "processing",
        })
        .returning({ id: applications.id, createdAt: applications.createdAt });
      const reason: WorkReason = i % 3 === 0 ? "dispute" : "error";
      const [item] = await db
        .insert(workItems)
        .values({
          applicationId: app!.id,
          projectId: PROJECT,
          applicationType: "payin",
          applicationCreatedAt: app!.createdAt,
          applicationCurrency: "KZT",
          reason,
          createdAt: sql`${at}::timestamptz`,
        })
        .returning({ id: workItems.id });
      inserted.push({ id: item!.id, at });
    }
    expected = inserted.sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1)).map((r) => r.id);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const all: QueueFilter = { reason: null, assigneeId: null };
  const later = new Date("2026-06-01T00:00:00Z");

  async function walkForward(filter: QueueFilter, size: number) {
    const seen: number[] = [];
    let after: QueueCursor | null = null;
    let pages = 0;
    do {
      const page = await queuePage(database.db, ALL_PROJECTS, filter, { after }, later, size);
      expect(page.rows.length).toBeLessThanOrEqual(size);
      // Every page but the first links back.
      expect(page.prevCursor !== null).toBe(pages > 0);
      seen.push(...page.rows.map((r) => r.id));
      after = page.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(100);
    } while (after);
    return { seen, pages };
  }

  it.each([1, 2, 4, 5, 22, 23, 200])("Next from the first page meets every item once, in order, %i to a page", async (size) => {
    const { seen, pages } = await walkForward(all, size);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.max(1, Math.ceil(expected.length / size)));
    expect((await queueCounts(database.db, ALL_PROJECTS, null, later)).total).toBe(expected.length);
  });

  it.each([3, 5])("Previous from the last page walks back over every item once, %i to a page", async (size) => {
    let page = await queuePage(database.db, ALL_PROJECTS, all, {}, later, size);
    for (let pages = 0; page.nextCursor; pages++) {
      expect(pages).toBeLessThan(100);
      page = await queuePage(database.db, ALL_PROJECTS, all, { after: page.nextCursor }, later, size);
    }
    const seen = [...page.rows.map((r) => r.id)];
    while (page.prevCursor) {
      expect(seen.length).toBeLessThanOrEqual(expected.length);
      page = await queuePage(database.db, ALL_PROJECTS, all, { before: page.prevCursor }, later, size);
      expect(page.rows.length).toBe(size);
      // A page reached backwards still leads forwards.
      expect(page.nextCursor).not.toBeNull();
      seen.unshift(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(expected);
  });

  it("a reason tab pages through its own items only, and as many as its count", async () => {
    const { seen } = await walkForward({ reason: "dispute", assigneeId: null }, 2);
    const counts = await queueCounts(database.db, ALL_PROJECTS, null, later);
    expect(seen).toHaveLength(counts.byReason.dispute!);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected.filter((id) => seen.includes(id)));
  });

  it("the cursor survives the URL: a link's cursor reads back as the same position, an edited one as none", async () => {
    const first = await queuePage(database.db, ALL_PROJECTS, all, {}, later, 7);
    const href = queueHref(parseQueueParams({ reason: "error" }), { after: first.nextCursor });
    const state = parseQueueParams(new URL(href, "http://app.test").searchParams);
    expect(state).toMatchObject({ reason: "error", mine: false, after: first.nextCursor, before: null });
    // A tab change starts from the oldest item again.
    expect(queueHref(state, { reason: "dispute" })).toBe("/queue?reason=dispute");
    expect(parseQueueParams({ after: `${encodeQueueCursor(first.nextCursor!)}x` }).after).toBeNull();
    expect(parseQueueParams({ after: "not-a-cursor", mine: "1" })).toMatchObject({ after: null, mine: true });
  });
});
