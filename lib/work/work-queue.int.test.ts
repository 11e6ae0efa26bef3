import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ROLES,
  applications,
  auditLog,
  notifications,
  registers,
  userRegisters,
  users,
  workItems,
  type Role,
} from "@/drizzle/schema";
import { can } from "@/lib/accounts/permissions";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { applyStatusEvent, type StatusEventInput } from "@/lib/applications/apply-status-event";
import type { Status } from "@/lib/highhelp";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { addNote, assignItem, resolveItem, snoozeItem, workOnItems } from "./commands";
import { WORK_REASONS } from "@/drizzle/schema";
import { applicationWork, badgeCounts, queueCounts, queueItems } from "./queries";
import { PAYOUT_STUCK_AFTER_MS, runStuckRule } from "./stuck";

const A = "project-queue-a";
const B = "project-queue-b";
let counter = 0;

function event(
  paymentId: string,
  status: Status,
  subStatus: string | null,
  extra: Partial<StatusEventInput> = {},
): StatusEventInput {
  return {
    projectId: A,
    paymentId,
    requestId: null,
    status,
    subStatus,
    statusDescription: null,
    source: "callback",
    paymentInfo: {
      amount: 10_000,
      old_amount: 10_000,
      initial_amount: 10_000,
      currency: "KZT",
      type: "payin",
      method: "card-p2p",
    },
    payload: { n: ++counter },
    ...extra,
  };
}

describe.each(testDatabaseKinds())("the work queue on %s", (kind) => {
  let database: TestDatabase;
  const people = {} as Record<"admin" | "operatorAll" | "operatorB" | "viewer" | "admin2", { id: number; email: string }>;
  const actor = (who: { id: number; email: string }) => ({ userId: who.id, email: who.email });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    const make = async (email: string, role: Role, scope: "all" | "some" = "all") => {
      const [row] = await db
        .insert(users)
        .values({ email, name: email, role, passwordHash: "x", registerScope: scope })
        .returning({ id: users.id, email: users.email });
      return row!;
    };
    people.admin = await make("admin@q.test", "admin");
    people.admin2 = await make("admin2@q.test", "admin");
    people.operatorAll = await make("op-all@q.test", "operator");
    people.operatorB = await make("op-b@q.test", "operator", "some");
    people.viewer = await make("viewer@q.test", "viewer");
    for (const projectId of [A, B]) {
      const [register] = await db
        .insert(registers)
        .values({
          name: projectId,
          projectId,
          apiUrl: "http://highhelp.invalid",
          requestAlgorithm: "hmac",
          requestKeyEncrypted: "v1:000000000000:not-a-real-key",
          requestKeyFingerprint: "SHA256:test",
          callbackToken: `token-${projectId}`,
        })
        .returning();
      if (projectId === B) await db.insert(userRegisters).values({ userId: people.operatorB.id, registerId: register!.id });
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  const openItems = async (applicationId: number) =>
    database.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.applicationId, applicationId), sql`${workItems.resolvedAt} is null`));
  const notificationsOf = async (applicationId: number, kind: "dispute_arrived" | "approval_waiting" | "item_assigned") =>
    database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.applicationId, applicationId), eq(notifications.kind, kind)));

  it("the database's role lists agree with the permission table", async () => {
    const [row] = await executeRows<{ workers: string; approvers: string }>(
      database.db,
      sql`select array_to_string(queue_worker_roles(), ',') as workers, array_to_string(payout_approver_roles(), ',') as approvers`,
    );
    expect(row!.workers.split(",").sort()).toEqual(ROLES.filter((r) => can(r, "queue:work")).sort());
    expect(row!.approvers.split(",").sort()).toEqual(ROLES.filter((r) => can(r, "payouts:approve")).sort());
  });

  it("a dispute enters the queue with its sub-status, once, and notifies the workers in scope exactly once", async () => {
    const first = await applyStatusEvent(database.db, event("Q-DISPUTE", "processing", "awaiting_confirm"));
    expect(await openItems(first.applicationId)).toEqual([]);
    await applyStatusEvent(database.db, event("Q-DISPUTE", "dispute", "different_amount"));
    // The same alert again is a duplicate: no second item, no second notification.
    expect((await applyStatusEvent(database.db, event("Q-DISPUTE", "dispute", "different_amount"))).outcome).toBe("duplicate");
    const items = await openItems(first.applicationId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ reason: "dispute", subStatus: "different_amount", projectId: A, applicationType: "payin" });
    const sent = await notificationsOf(first.applicationId, "dispute_arrived");
    // Admins and the operator of every register; not the operator of register B only, nor the viewer.
    expect(sent.map((n) => n.userId).sort()).toEqual([people.admin.id, people.admin2.id, people.operatorAll.id].sort());
    expect(sent[0]!.payload).toMatchObject({ paymentId: "Q-DISPUTE", subStatus: "different_amount" });
  });

  it("an error enters and leaves by itself when the application moves on; a dispute stays after a final status", async () => {
    const error = await applyStatusEvent(database.db, event("Q-ERROR", "error", null));
    expect((await openItems(error.applicationId))[0]).toMatchObject({ reason: "error" });
    await applyStatusEvent(database.db, event("Q-ERROR", "success", null));
    expect(await openItems(error.applicationId)).toEqual([]);
    const [closed] = await database.db.select().from(workItems).where(eq(workItems.applicationId, error.applicationId));
    expect(closed).toMatchObject({ resolution: "auto" });

    const dispute = await applyStatusEvent(database.db, event("Q-DISPUTE-FINAL", "dispute", "no_payment"));
    await applyStatusEvent(database.db, event("Q-DISPUTE-FINAL", "decline", null));
    expect((await openItems(dispute.applicationId))[0]).toMatchObject({ reason: "dispute" });
  });

  it("an amount changed by HighHelp enters the queue and stays once final", async () => {
    const changed = await applyStatusEvent(
      database.db,
      event("Q-AMOUNT", "success", null, {
        paymentInfo: { amount: 9_000, old_amount: 10_000, initial_amount: 10_000, currency: "KZT", type: "payin" },
      }),
    );
    expect((await openItems(changed.applicationId))[0]).toMatchObject({ reason: "amount_changed" });
  });

  it("resolving takes the item out of the queue and keeps the history and notes on the application", async () => {
    const app = await applyStatusEvent(database.db, event("Q-RESOLVE", "dispute", "confirm_timeout"));
    const [item] = await openItems(app.applicationId);
    const before = await queueItems(database.db, ALL_PROJECTS, { reason: "dispute", assigneeId: null });
    expect(before.map((r) => r.id)).toContain(item!.id);
    await addNote(database.db, app.applicationId, "Called the payer.", actor(people.operatorAll), ALL_PROJECTS);
    await resolveItem(
      database.db,
      { itemId: item!.id, resolution: "appeal_filed", ticketRef: "HH-4242", note: "Appeal sent." },
      actor(people.operatorAll),
      ALL_PROJECTS,
    );
    const after = await queueItems(database.db, ALL_PROJECTS, { reason: null, assigneeId: null });
    expect(after.map((r) => r.id)).not.toContain(item!.id);
    const work = await applicationWork(database.db, app.applicationId);
    expect(work.items[0]).toMatchObject({ resolution: "appeal_filed", ticketRef: "HH-4242", resolvedByEmail: "op-all@q.test" });
    expect(work.notes.map((n) => n.body)).toEqual(["Called the payer.", "Appeal sent."]);
    const audited = await database.db.select().from(auditLog).where(eq(auditLog.applicationId, app.applicationId));
    expect(audited.map((a) => a.action).sort()).toEqual(["queue.note", "queue.resolve"]);
    // A resolved item cannot be resolved again.
    await expect(
      resolveItem(
        database.db,
        { itemId: item!.id, resolution: "other", ticketRef: "", note: "x" },
        actor(people.admin),
        ALL_PROJECTS,
      ),
    ).rejects.toMatchObject({ code: "not_found:work_item" });
  });

  it("snoozing hides an item until the day it comes back", async () => {
    const app = await applyStatusEvent(database.db, event("Q-SNOOZE", "error", null));
    const [item] = await openItems(app.applicationId);
    const now = new Date();
    const day = new Date(now.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    const until = await snoozeItem(database.db, item!.id, day, actor(people.admin), ALL_PROJECTS, now);
    const ids = async (at: Date) =>
      (await queueItems(database.db, ALL_PROJECTS, { reason: null, assigneeId: null }, at)).map((r) => r.id);
    expect(await ids(now)).not.toContain(item!.id);
    expect(await ids(new Date(until.getTime() + 1))).toContain(item!.id);
    await expect(snoozeItem(database.db, item!.id, "2020-01-01", actor(people.admin), ALL_PROJECTS, now)).rejects.toMatchObject({
      code: "bad_request:validation",
    });
  });

  it("assigning notifies the assignee once and 'mine' filters; a colleague outside the register is refused", async () => {
    const app = await applyStatusEvent(database.db, event("Q-ASSIGN", "dispute", "no_payment"));
    const [item] = await openItems(app.applicationId);
    await assignItem(database.db, item!.id, people.operatorAll.id, actor(people.admin), ALL_PROJECTS);
    await assignItem(database.db, item!.id, people.operatorAll.id, actor(people.admin), ALL_PROJECTS);
    const assigned = await notificationsOf(app.applicationId, "item_assigned");
    expect(assigned.map((n) => n.userId)).toEqual([people.operatorAll.id]);
    const mine = await queueItems(database.db, ALL_PROJECTS, { reason: null, assigneeId: people.operatorAll.id });
    expect(mine.map((r) => r.id)).toEqual([item!.id]);
    expect((await queueCounts(database.db, ALL_PROJECTS, people.operatorAll.id)).mine).toBe(1);
    await expect(assignItem(database.db, item!.id, people.operatorB.id, actor(people.admin), ALL_PROJECTS)).rejects.toMatchObject(
      {
        code: "bad_request:assignee",
      },
    );
    await expect(assignItem(database.db, item!.id, people.viewer.id, actor(people.admin), ALL_PROJECTS)).rejects.toMatchObject({
      code: "bad_request:assignee",
    });
  });

  it("works on several items at once: each done and audited as alone, those gone skipped, nothing outside the scope", async () => {
    // One after the other: each application's item, in the order of `apps`.
    const apps = [];
    for (const id of ["Q-BULK-1", "Q-BULK-2", "Q-BULK-3"])
      apps.push(await applyStatusEvent(database.db, event(id, "dispute", "no_payment")));
    const ids: number[] = [];
    for (const app of apps) ids.push((await openItems(app.applicationId))[0]!.id);
    const outside = await applyStatusEvent(database.db, { ...event("Q-BULK-B", "dispute", "no_payment"), projectId: B });
    const [outsideItem] = await openItems(outside.applicationId);
    const me = actor(people.operatorAll);
    const base = { ticketRef: "", note: "", until: "", resolution: undefined };

    expect(await workOnItems(database.db, { ...base, do: "assign_to_me", itemIds: ids }, me, [A])).toEqual({
      done: 3,
      gone: 0,
      more: false,
    });
    const mine = await queueItems(database.db, [A], { reason: null, assigneeId: people.operatorAll.id });
    expect(mine.map((r) => r.id)).toEqual(expect.arrayContaining(ids));

    // Someone resolved one meanwhile; the item of register B is not the operator's to touch (scope [A]).
    await resolveItem(
      database.db,
      { itemId: ids[0]!, resolution: "written_off", ticketRef: "", note: "" },
      actor(people.admin),
      ALL_PROJECTS,
    );
    const result = await workOnItems(
      database.db,
      {
        ...base,
        do: "resolve",
        itemIds: [...ids, outsideItem!.id, ids[1]!],
        resolution: "appeal_filed",
        ticketRef: "HH-77",
        note: "One appeal for all.",
      },
      me,
      [A],
    );
    expect(result).toEqual({ done: 2, gone: 2, more: false });
    for (const app of apps.slice(1)) {
      const work = await applicationWork(database.db, app.applicationId);
      expect(work.items[0]).toMatchObject({ resolution: "appeal_filed", ticketRef: "HH-77", resolvedByEmail: "op-all@q.test" });
      expect(work.notes.map((n) => n.body)).toEqual(["One appeal for all."]);
      const audited = await database.db.select().from(auditLog).where(eq(auditLog.applicationId, app.applicationId));
      expect(audited.map((a) => a.action).sort()).toEqual(["queue.assign", "queue.resolve"]);
    }
    expect(await openItems(outside.applicationId)).toHaveLength(1);
    await resolveItem(
      database.db,
      { itemId: outsideItem!.id, resolution: "other", ticketRef: "", note: "Test over." },
      actor(people.admin),
      ALL_PROJECTS,
    );

    // A snooze day in the past changes nothing, not even the items before the check.
    const more = await applyStatusEvent(database.db, event("Q-BULK-4", "error", null));
    const [moreItem] = await openItems(more.applicationId);
    await expect(
      workOnItems(database.db, { ...base, do: "snooze", itemIds: [moreItem!.id], until: "2020-01-01" }, me, [A]),
    ).rejects.toMatchObject({ code: "bad_request:validation" });
    expect((await openItems(more.applicationId))[0]!.snoozedUntil).toBeNull();
  });

  it("works on a whole tab: its reason, or the reader's own items, within the scope, and no other", async () => {
    const C = "project-queue-tab";
    const open = async (paymentId: string, status: Status, subStatus: string | null) => {
      const app = await applyStatusEvent(database.db, { ...event(paymentId, status, subStatus), projectId: C });
      return (await openItems(app.applicationId))[0]!;
    };
    const disputes = [await open("Q-TAB-1", "dispute", "no_payment"), await open("Q-TAB-2", "dispute", "confirm_timeout")];
    const error = await open("Q-TAB-3", "error", null);
    const elsewhere = await applyStatusEvent(database.db, event("Q-TAB-A", "dispute", "no_payment")); // register A
    const me = actor(people.operatorAll);
    const base = { itemIds: [], ticketRef: "", note: "", until: "", resolution: undefined };

    // "Assigned to me" of every reason: nothing yet, then the one item assigned.
    const mineTab = { reason: null, mine: true };
    expect(await workOnItems(database.db, { ...base, do: "snooze", until: "2999-01-01", tab: mineTab }, me, [C])).toEqual({
      done: 0,
      gone: 0,
      more: false,
    });
    await assignItem(database.db, error.id, people.operatorAll.id, me, [C]);
    await workOnItems(database.db, { ...base, do: "snooze", until: "2999-01-01", tab: mineTab }, me, [C]);
    expect((await database.db.select().from(workItems).where(eq(workItems.id, error.id)))[0]!.snoozedUntil).not.toBeNull();

    // The disputes tab: both of register C's disputes, not the error, not register A's dispute.
    const resolved = await workOnItems(
      database.db,
      { ...base, do: "resolve", resolution: "written_off", tab: { reason: "dispute", mine: false } },
      me,
      [C],
    );
    expect(resolved).toEqual({ done: 2, gone: 0, more: false });
    for (const item of disputes) {
      const [now] = await database.db.select().from(workItems).where(eq(workItems.id, item.id));
      expect(now).toMatchObject({ resolution: "written_off", resolvedBy: people.operatorAll.id });
    }
    expect((await openItems(elsewhere.applicationId))[0]!.resolvedAt).toBeNull();
    expect((await database.db.select().from(workItems).where(eq(workItems.id, error.id)))[0]!.resolvedAt).toBeNull();

    // A tab larger than one round: its oldest items first, and word that more remain.
    const errors = [await open("Q-TAB-4", "error", null), await open("Q-TAB-5", "error", null)];
    const errorsTab = { reason: "error", mine: false };
    expect(await workOnItems(database.db, { ...base, do: "assign_to_me", tab: errorsTab }, me, [C], new Date(), 1)).toEqual({
      done: 1,
      gone: 0,
      more: true,
    });
    const assignees = await database.db
      .select({ id: workItems.id, assigneeId: workItems.assigneeId })
      .from(workItems)
      .where(
        inArray(
          workItems.id,
          errors.map((e) => e.id),
        ),
      );
    expect(assignees.sort((a, b) => a.id - b.id).map((a) => a.assigneeId)).toEqual([people.operatorAll.id, null]);

    // A reason the queue does not have is refused, not read as "every reason".
    await expect(
      workOnItems(database.db, { ...base, do: "assign_to_me", tab: { reason: "everything", mine: false } }, me, [C]),
    ).rejects.toMatchObject({ code: "bad_request:validation" });
  });

  it("keeps to the reader's registers", async () => {
    const other = await applyStatusEvent(database.db, { ...event("Q-SCOPE-B", "dispute", "no_payment"), projectId: B });
    const [item] = await openItems(other.applicationId);
    const inB = await queueItems(database.db, [B], { reason: null, assigneeId: null });
    expect(inB.map((r) => r.id)).toEqual([item!.id]);
    const inA = await queueItems(database.db, [A], { reason: null, assigneeId: null });
    expect(inA.map((r) => r.id)).not.toContain(item!.id);
    expect((await queueCounts(database.db, [A], null)).total).toBe(inA.length);
    await expect(
      resolveItem(
        database.db,
        { itemId: item!.id, resolution: "written_off", ticketRef: "", note: "" },
        actor(people.operatorAll),
        [A],
      ),
    ).rejects.toMatchObject({ code: "not_found:work_item" });
    // The operator of register B only is told about B's dispute.
    const sent = await notificationsOf(other.applicationId, "dispute_arrived");
    expect(sent.map((n) => n.userId)).toContain(people.operatorB.id);
  });

  it("the stuck rule opens expired and long-processing payouts once, and not again after someone resolves them", async () => {
    const now = new Date();
    const expired = await applyStatusEvent(
      database.db,
      event("Q-EXPIRED", "processing", "awaiting_confirm", {
        paymentInfo: { amount: 10_000, currency: "KZT", type: "payin", expiration_date: Math.floor(now.getTime() / 1000) - 60 },
      }),
      new Date(now.getTime() - 120_000),
    );
    const payout = await applyStatusEvent(
      database.db,
      event("Q-STUCK", "processing", "payout_process", { paymentInfo: { amount: 10_000, currency: "KZT", type: "payout" } }),
      new Date(now.getTime() - PAYOUT_STUCK_AFTER_MS - 60_000),
    );
    const fresh = await applyStatusEvent(
      database.db,
      event("Q-FRESH", "processing", "payout_process", { paymentInfo: { amount: 10_000, currency: "KZT", type: "payout" } }),
      now,
    );
    expect(await runStuckRule(database.db, now)).toBeGreaterThanOrEqual(2);
    expect((await openItems(expired.applicationId))[0]).toMatchObject({ reason: "expired" });
    expect((await openItems(payout.applicationId))[0]).toMatchObject({ reason: "payout_stuck" });
    expect(await openItems(fresh.applicationId)).toEqual([]);
    expect(await runStuckRule(database.db, now)).toBe(0);
    const [item] = await openItems(payout.applicationId);
    await resolveItem(
      database.db,
      { itemId: item!.id, resolution: "resolved_at_gateway", ticketRef: "", note: "" },
      actor(people.admin),
      ALL_PROJECTS,
    );
    await runStuckRule(database.db, new Date(now.getTime() + 60_000));
    expect(await openItems(payout.applicationId)).toEqual([]);
    // A final status takes a stuck item out by itself.
    await applyStatusEvent(database.db, event("Q-EXPIRED", "decline", null));
    expect(await openItems(expired.applicationId)).toEqual([]);
  });

  it("a payout waiting for approval notifies every admin but its creator, exactly once", async () => {
    const [payout] = await database.db
      .insert(applications)
      .values({
        projectId: A,
        paymentId: "Q-APPROVE",
        type: "payout",
        product: "p2p",
        integration: "h2h",
        amount: 90_000_000,
        currency: "KZT",
        submission: "awaiting_approval",
        createdBy: people.admin.id,
      })
      .returning();
    await database.db.update(applications).set({ description: "touched" }).where(eq(applications.id, payout!.id));
    const sent = await notificationsOf(payout!.id, "approval_waiting");
    expect(sent.map((n) => n.userId)).toEqual([people.admin2.id]);
    expect(sent[0]!.payload).toMatchObject({ paymentId: "Q-APPROVE", amount: 90_000_000, currency: "KZT" });
  });
  it("counts each reason up to its cap, says which reached it, and the badges stop at theirs", async () => {
    for (const id of ["Q-CAP-1", "Q-CAP-2"]) await applyStatusEvent(database.db, event(id, "dispute", "no_payment"));
    const full = await queueCounts(database.db, ALL_PROJECTS, null);
    expect(full.byReason.dispute).toBeGreaterThanOrEqual(2);
    expect(full.capped).toEqual([]);
    const capped = await queueCounts(database.db, ALL_PROJECTS, null, new Date(), null, 1);
    for (const reason of WORK_REASONS) expect(capped.byReason[reason]).toBe(full.byReason[reason] && 1);
    expect(capped.capped).toEqual(WORK_REASONS.filter((r) => (full.byReason[r] ?? 0) > 1));
    expect(capped.capped).toContain("dispute");
    expect(await badgeCounts(database.db, ALL_PROJECTS, { queue: true, approvals: false })).toEqual({
      queue: full.total,
      approvals: null,
    });
    expect(await badgeCounts(database.db, ALL_PROJECTS, { queue: true, approvals: true }, new Date(), 1)).toEqual({
      queue: 2,
      approvals: expect.any(Number),
    });
    // Within a scope of registers: only theirs; with none, nothing.
    for (const scope of [[A], [B], [A, B]]) {
      const { total } = await queueCounts(database.db, scope, null);
      expect(await badgeCounts(database.db, scope, { queue: true, approvals: false })).toEqual({ queue: total, approvals: null });
    }
    expect((await queueCounts(database.db, [B], null)).total).toBeLessThan(full.total);
    expect(await badgeCounts(database.db, [], { queue: true, approvals: true })).toEqual({ queue: 0, approvals: 0 });
  });
});
