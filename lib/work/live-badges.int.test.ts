import { and, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applications, workItems, type NewApplication } from "@/drizzle/schema";
import type { CurrentUser } from "@/lib/accounts/auth";
import { ALL_PROJECTS, projectScopeWhere } from "@/lib/accounts/register-scope";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { awaitingApprovalWhere, openWorkWhere } from "./queries";

/*
 * The bell's poll (GET /api/notifications) also carries the navigation's queue counts: only for the queues the
 * user may act on (a viewer gets none, an operator no approvals), only within their registers, and as they are
 * now (a payout that starts waiting shows at the next poll). Both counts read a partial index of open rows.
 * Sessions are faked as in the permission matrix.
 */

const state = vi.hoisted(() => ({
  user: null as CurrentUser | null,
  database: undefined as TestDatabase | undefined,
}));

vi.mock("next-auth", async () => {
  const errors = await import("@auth/core/errors");
  return {
    ...errors,
    default: () => {
      throw new Error("live badges: NextAuth() is not available in this test");
    },
  };
});

vi.mock("@/lib/accounts/auth", async () => ({ currentUser: async () => state.user, auth: async () => null }));

vi.mock("@/lib/server/db", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/db")>();
  const handle = () => {
    if (!state.database) throw new Error("live badges: the test database is not open yet");
    return state.database;
  };
  return { ...real, getDatabase: async () => handle(), getDb: async () => handle().db };
});

const { GET } = await import("@/app/api/notifications/route");

const A = "badges-project-a";
const B = "badges-project-b";

const person = (id: number, role: CurrentUser["role"], projects: CurrentUser["projects"] = "all"): CurrentUser => ({
  id,
  email: `${role}-${id}@badges.test`,
  name: role,
  role,
  mustChangePassword: false,
  projects,
  secondFactor: { enrolled: true, required: false, verifiedAt: new Date(), appCodeAt: new Date() },
  sessionId: `badges-${id}`,
});

const admin = person(1, "admin");
const operator = person(2, "operator");
const operatorA = person(3, "operator", [A]);
const viewer = person(4, "viewer");

async function poll(user: CurrentUser | null): Promise<{ status: number; body: Record<string, unknown> }> {
  state.user = user;
  const response = await GET();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let counter = 0;
const base = { product: "p2p", integration: "h2h", amount: 10_000, currency: "KZT" } as const;

async function payoutAwaitingApproval(projectId: string) {
  await state.database!.db.insert(applications).values({
    ...base,
    type: "payout",
    method: "phone-p2p",
    receiverPhone: "77001234567",
    projectId,
    paymentId: `BADGE-PO-${++counter}`,
    submission: "awaiting_approval",
  } satisfies NewApplication);
}

async function queueItem(projectId: string) {
  const db = state.database!.db;
  const [app] = await db
    .insert(applications)
    .values({ ...base, type: "payin", projectId, paymentId: `BADGE-PI-${++counter}`, submission: "sent", status: "processing" })
    .returning({ id: applications.id, createdAt: applications.createdAt });
  await db.insert(workItems).values({
    applicationId: app!.id,
    projectId,
    applicationType: "payin",
    applicationCreatedAt: app!.createdAt,
    applicationCurrency: "KZT",
    reason: "error",
  });
}

describe.each(testDatabaseKinds())("the bell's poll and the navigation's counts on %s", (kind) => {
  beforeAll(async () => {
    state.database = await openTestDatabase(kind);
    await queueItem(A);
    await queueItem(A);
    await queueItem(B);
    await payoutAwaitingApproval(A);
    await payoutAwaitingApproval(B);
  });
  afterAll(async () => {
    state.user = null;
    await state.database?.drop();
    state.database = undefined;
  });

  it("answers an admin both queues' counts over every register", async () => {
    const { status, body } = await poll(admin);
    expect(status).toBe(200);
    expect(body).toMatchObject({ unread: 0, items: [] });
    expect(body.badges).toEqual({ queue: 3, approvals: 2 });
  });

  it("answers an operator the work queue only, and a scoped one only its registers' items", async () => {
    expect((await poll(operator)).body.badges).toEqual({ queue: 3 });
    expect((await poll(operatorA)).body.badges).toEqual({ queue: 2 });
  });

  it("answers a viewer no queue counts at all, and nobody without a session", async () => {
    const { status, body } = await poll(viewer);
    expect(status).toBe(200);
    expect(body.badges).toEqual({});
    const anonymous = await poll(null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).not.toHaveProperty("badges");
  });

  it("counts what waits now: a payout that starts waiting for approval shows at the next poll", async () => {
    const before = (await poll(admin)).body.badges as { approvals: number };
    await payoutAwaitingApproval(A);
    expect((await poll(admin)).body.badges).toEqual({ queue: 3, approvals: before.approvals + 1 });
    expect((await poll(operatorA)).body.badges).toEqual({ queue: 2 });
  });

  it("counts from the partial indexes of open rows, not by scanning the tables", async () => {
    const explain = (query: SQL) =>
      state.database!.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const rows = await executeRows<Record<string, string>>(tx, sql`explain ${query}`);
        return rows.map((r) => Object.values(r)[0]).join("\n");
      });
    const queue = await explain(
      sql`select count(*) from ${workItems} where ${and(openWorkWhere(new Date()), projectScopeWhere([A], workItems.projectId))}`,
    );
    expect(queue).toMatch(/work_items_open_(idx|application_key|reason_idx|assignee_idx|list_idx|list_currency_idx)/);
    expect(queue).not.toMatch(/Seq Scan/);
    const approvals = await explain(sql`select count(*) from ${applications} where ${awaitingApprovalWhere(ALL_PROJECTS)}`);
    expect(approvals).toMatch(/applications_open_payouts_idx/);
    expect(approvals).not.toMatch(/Seq Scan/);
  });
});
