import { translateText } from "@/lib/i18n/translate";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applications, auditLog, registerBanks, registers, userRegisters, users, type NewApplication } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { DEFAULT_SIGNATURE_PROFILE, type HighHelpClient } from "@/lib/highhelp";
import type { Gateway } from "@/lib/server/gateway";
import { countApplications, listApplications } from "@/lib/applications/list-queries";
import { parseListParams } from "@/lib/applications/url-state";
import { submitPayin } from "@/lib/applications/submit-payin";
import { createPayout } from "@/lib/payouts/submit-payout";
import { dashboardFigures, needsAttentionCount } from "@/lib/dashboard/queries";
import { foldRollups } from "@/lib/rollups/commands";
import { queryAuditLog } from "@/lib/audit/queries";
import { DEFAULT_AUDIT_STATE } from "@/lib/audit/url-state";
import type { CurrentUser } from "./auth";
import { createUser } from "./commands";
import { scopedProjectIds } from "./queries";
import { allowedProjects, type ProjectScope } from "./register-scope";

/*
 * The register dimension of the permission matrix: a user scoped to register A gets nothing of
 * register B through the actions, the route handlers, the application page and the queries behind
 * the lists, the dashboard and the audit log; an application of B is answered exactly like a
 * missing one. The operator here also holds the payout permissions (a test grant), so that the
 * refusals are the scope's doing and not the role's. Sessions are faked as in the permission
 * matrix; HighHelp is offline.
 */

const state = vi.hoisted(() => ({
  user: null as CurrentUser | null,
  database: undefined as TestDatabase | undefined,
  creationGateway: "B" as "A" | "B",
}));

vi.mock("next-auth", async () => {
  const errors = await import("@auth/core/errors");
  return {
    ...errors,
    default: () => {
      throw new Error("register scope: NextAuth() is not available in this test");
    },
  };
});

vi.mock("@/lib/accounts/auth", async () => {
  const { redirect } = await import("next/navigation");
  const { can: allowed } = await import("./permissions");
  const requireUser = async () => state.user ?? redirect("/login");
  return {
    currentUser: async () => state.user,
    requireUser,
    async requirePermission(permission: Parameters<typeof allowed>[1]) {
      const user = await requireUser();
      return allowed(user.role, permission) ? user : redirect("/forbidden");
    },
    auth: async () => null,
  };
});

// The scoped operator may also create and approve payouts here: only the scope can refuse them.
vi.mock("./permissions", async (importOriginal) => {
  const real = await importOriginal<typeof import("./permissions")>();
  return {
    ...real,
    can: (role: Parameters<typeof real.can>[0], permission: Parameters<typeof real.can>[1]) =>
      real.can(role, permission) || (role === "operator" && permission.startsWith("payouts:")),
  };
});

// Pages read their words through next-intl's request config, which only Next's server sets up: English here.
vi.mock("next-intl/server", async () => {
  const { createTranslator } = await import("next-intl");
  const { MESSAGES } = await import("@/lib/i18n/translate");
  return {
    getTranslations: async (namespace?: string) =>
      createTranslator({ locale: "en", messages: MESSAGES.en, namespace: namespace as never }),
    getLocale: async () => "en",
    getTimeZone: async () => "UTC",
  };
});

vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => new Headers({ "user-agent": "register-scope", "x-forwarded-for": "203.0.113.9" }),
}));

vi.mock("@/lib/server/db", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/db")>();
  const handle = () => {
    if (!state.database) throw new Error("register scope: the test database is not open yet");
    return state.database;
  };
  return { ...real, getDatabase: async () => handle(), getDb: async () => handle().db };
});

const PROJECT = { A: "scope-project-a", B: "scope-project-b" } as const;

// Every client method answers "offline" for its own endpoint; `then` stays undefined so the client is not a thenable.
const offlineClient = new Proxy(
  {},
  {
    get: (_target, property) =>
      property === "then"
        ? undefined
        : async () => ({
            ok: false,
            error: { kind: "network", endpoint: property, message: "offline", code: undefined, attempts: 1 },
          }),
  },
) as unknown as HighHelpClient;

function gatewayOf(projectId: string): Gateway {
  return {
    registerId: projectId === PROJECT.A ? 1 : 2,
    name: projectId,
    projectId,
    apiUrl: "http://highhelp.invalid",
    sandbox: true,
    status: "active",
    currencies: [],
    methods: [],
    client: offlineClient,
    alertKeys: [],
    profile: DEFAULT_SIGNATURE_PROFILE,
    callbackUrls: {
      merchant_callback_url: "https://app.test/api/highhelp/callback/intermediate",
      merchant_success_callback_url: "https://app.test/api/highhelp/callback/success",
      merchant_decline_callback_url: "https://app.test/api/highhelp/callback/decline",
    },
  };
}

vi.mock("@/lib/server/gateway", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/gateway")>()),
  gatewayForProject: async (projectId: string) => gatewayOf(projectId),
  clientForProject: async () => offlineClient,
  defaultGateway: async () => gatewayOf(PROJECT[state.creationGateway]),
}));

const actions = await import("@/app/(app)/applications/[id]/actions");
const payinActions = await import("@/app/(app)/payins/new/actions");
const versionRoute = await import("@/app/api/applications/[id]/version/route");
const exportRoute = await import("@/app/api/applications/export/route");
const applicationPage = (await import("@/app/(app)/applications/[id]/page")).default;

const MISSING = 987_654_321;

async function seedRegister(db: TestDatabase["db"], projectId: string): Promise<number> {
  const [row] = await db
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
  return row!.id;
}

async function version(id: number) {
  const response = await versionRoute.GET(new Request(`http://app.test/api/applications/${id}/version`), {
    params: Promise.resolve({ id: String(id) }),
  });
  return { status: response.status, body: await response.text() };
}

async function exported(type: "payin" | "payout") {
  const response = await exportRoute.GET(new Request(`http://app.test/api/applications/export?type=${type}`));
  return { status: response.status, body: await response.text() };
}

/** The application page: its element, or "not found" when it calls notFound(). */
async function page(id: number): Promise<"rendered" | "not found"> {
  try {
    await applicationPage({ params: Promise.resolve({ id: String(id) }) });
    return "rendered";
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.endsWith(";404")) return "not found";
    throw error;
  }
}

describe.each(testDatabaseKinds())("register scope on %s", (kind) => {
  let database: TestDatabase;
  let scoped: CurrentUser;
  let admin: CurrentUser;
  const app = {} as Record<"aPayin" | "aPayout" | "bPayin" | "bPayoutWaiting" | "bPayoutAbsent", number>;
  /** When the rows were made: "today" on the dashboard is read at this instant, not at whatever time the test reaches it. */
  const seededAt = new Date();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    state.database = database;
    const db = database.db;
    const registerA = await seedRegister(db, PROJECT.A);
    await seedRegister(db, PROJECT.B);
    const adminRow = await createUser(db, {
      email: "admin@scope.test",
      name: "Admin",
      role: "admin",
      password: "admin long password",
    });
    const operatorRow = await createUser(db, {
      email: "operator-a@scope.test",
      name: "Operator A",
      role: "operator",
      password: "operator long password",
      registerScope: "some",
      registerIds: [registerA],
    });
    // The scope as currentUser reads it.
    const [loaded] = await db
      .select({ scope: users.registerScope, projects: scopedProjectIds() })
      .from(users)
      .where(eq(users.id, operatorRow.id));
    scoped = {
      id: operatorRow.id,
      email: operatorRow.email,
      name: operatorRow.name,
      role: "operator",
      mustChangePassword: false,
      projects: loaded!.scope === "all" ? "all" : loaded!.projects,
      secondFactor: { enrolled: true, required: false, verifiedAt: new Date(), appCodeAt: new Date() },
      sessionId: "scope-operator",
    };
    admin = {
      id: adminRow.id,
      email: adminRow.email,
      name: adminRow.name,
      role: "admin",
      mustChangePassword: false,
      projects: "all",
      // Proved just now, so the payout actions' step-up lets them through.
      secondFactor: { enrolled: true, required: true, verifiedAt: new Date(), appCodeAt: new Date() },
      sessionId: "scope-admin",
    };
    expect(allowedProjects(scoped)).toEqual([PROJECT.A]);

    const base = { product: "p2p", integration: "h2h", amount: 10_000, currency: "KZT", createdAt: seededAt } as const;
    const payin = { ...base, type: "payin", submission: "sent", status: "dispute", subStatus: "awaiting_confirm" } as const;
    const payout = {
      ...base,
      type: "payout",
      method: "phone-p2p",
      receiverPhone: "77001234567",
      createdBy: adminRow.id,
    } as const;
    const rows: (NewApplication & { key: keyof typeof app })[] = [
      { ...payin, key: "aPayin", projectId: PROJECT.A, paymentId: "A-PAYIN" },
      { ...payout, key: "aPayout", projectId: PROJECT.A, paymentId: "A-PAYOUT", submission: "awaiting_approval" },
      { ...payin, key: "bPayin", projectId: PROJECT.B, paymentId: "B-PAYIN" },
      { ...payout, key: "bPayoutWaiting", projectId: PROJECT.B, paymentId: "B-PAYOUT-WAIT", submission: "awaiting_approval" },
      { ...payout, key: "bPayoutAbsent", projectId: PROJECT.B, paymentId: "B-PAYOUT-ABSENT", submission: "absent" },
    ];
    for (const { key, ...values } of rows) {
      const [row] = await db.insert(applications).values(values).returning({ id: applications.id });
      app[key] = row!.id;
      await db
        .insert(auditLog)
        .values({ action: "seed", targetType: "application", targetId: values.paymentId, applicationId: row!.id });
    }
  });
  afterAll(async () => {
    state.user = null;
    await database?.drop();
    state.database = undefined;
  });

  const operations = [
    ["refreshApplication", () => ({})],
    ["confirmApplication", () => ({})],
    ["cancelApplication", () => ({})],
    ["approvePayoutAction", () => ({ pan: "" })],
    ["rejectPayoutAction", () => ({ reason: "not ours" })],
    ["resendPayoutAction", () => ({ pan: "" })],
  ] as const;

  it.each(operations)("%s on a register B application answers exactly as for a missing one", async (name, extra) => {
    state.user = scoped;
    const action = actions[name] as (input: unknown) => Promise<unknown>;
    const missing = await action({ applicationId: String(MISSING), ...extra() });
    expect(missing).toMatchObject({ ok: false, code: expect.stringMatching(/^not_found:/) });
    for (const id of [app.bPayin, app.bPayoutWaiting, app.bPayoutAbsent])
      expect(await action({ applicationId: String(id), ...extra() })).toEqual(missing);
  });

  it("leaves B's applications untouched and unaudited by those attempts", async () => {
    const rows = await database.db
      .select({ submission: applications.submission, status: applications.status })
      .from(applications)
      .where(inArray(applications.id, [app.bPayin, app.bPayoutWaiting, app.bPayoutAbsent]));
    expect(rows.map((r) => r.submission).sort()).toEqual(["absent", "awaiting_approval", "sent"]);
    const entries = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(inArray(auditLog.applicationId, [app.bPayin, app.bPayoutWaiting, app.bPayoutAbsent]));
    expect(entries.map((e) => e.action)).toEqual(["seed", "seed", "seed"]);
    expect(await database.db.select().from(applications).where(eq(applications.resendOf, app.bPayoutAbsent))).toEqual([]);
  });

  it("acts on register A's applications (so the refusals above are the scope's doing)", async () => {
    state.user = scoped;
    const refreshed = await actions.refreshApplication({ applicationId: String(app.aPayin) });
    expect(refreshed).toMatchObject({ ok: false, code: "unavailable:highhelp" });
    expect(await actions.rejectPayoutAction({ applicationId: String(app.aPayout), reason: "test" })).toMatchObject({ ok: true });
  });

  it("answers the version route for B with the same 404 as for a missing id", async () => {
    state.user = scoped;
    const missing = await version(MISSING);
    expect(missing.status).toBe(404);
    expect(await version(app.bPayin)).toEqual(missing);
    expect((await version(app.aPayin)).status).toBe(200);
    state.user = admin;
    expect((await version(app.bPayin)).status).toBe(200);
  });

  it("shows the application page of A, and B's as not found", async () => {
    state.user = scoped;
    expect(await page(app.aPayin)).toBe("rendered");
    expect(await page(app.bPayin)).toBe("not found");
    expect(await page(app.bPayoutWaiting)).toBe("not found");
    state.user = admin;
    expect(await page(app.bPayin)).toBe("rendered");
  });

  it("exports register A's applications only", async () => {
    state.user = scoped;
    const payins = await exported("payin");
    expect(payins.status).toBe(200);
    expect(payins.body).toContain("A-PAYIN");
    expect(payins.body).not.toContain("B-PAYIN");
    const payouts = await exported("payout");
    expect(payouts.body).toContain("A-PAYOUT");
    expect(payouts.body).not.toContain("B-PAYOUT");
  });

  it("lists, counts and sums register A only (and nothing for an empty scope)", async () => {
    const params = parseListParams(new URLSearchParams(""));
    const ids = async (scope: ProjectScope, type: "payin" | "payout") =>
      (await listApplications(database.db, type, params, scope)).rows.map((r) => r.paymentId).sort();
    const scope = allowedProjects(scoped);
    expect(await ids(scope, "payin")).toEqual(["A-PAYIN"]);
    expect(await ids(scope, "payout")).toEqual(["A-PAYOUT"]);
    expect(await ids("all", "payout")).toEqual(["A-PAYOUT", "B-PAYOUT-ABSENT", "B-PAYOUT-WAIT"]);
    expect(await ids([], "payin")).toEqual([]);
    expect(await countApplications(database.db, "payout", params, scope)).toEqual({ count: 1, capped: false });
    expect(await needsAttentionCount(database.db, "payin", scope)).toEqual({ count: 1, capped: false });
    expect(await needsAttentionCount(database.db, "payin", "all")).toEqual({ count: 2, capped: false });
    await foldRollups(database.db);
    const figures = await dashboardFigures(database.db, "KZT", scope, seededAt);
    expect(figures.today.reduce((n, t) => n + t.count, 0)).toBe(2);
    expect(new Set(figures.registers.map((r) => r.projectId))).toEqual(new Set([PROJECT.A]));
    expect(figures.attention.payin).toEqual({ count: 1, capped: false });
  });

  it("hides audit entries about register B's applications", async () => {
    const { rows } = await queryAuditLog(database.db, { ...DEFAULT_AUDIT_STATE, action: "seed" }, allowedProjects(scoped));
    expect(rows.map((r) => r.targetId).sort()).toEqual(["A-PAYIN", "A-PAYOUT"]);
  });

  it("refuses to create a payin or a payout on a register outside the scope, writing nothing", async () => {
    const actor = { userId: scoped.id, email: scoped.email };
    const gateway = gatewayOf(PROJECT.B);
    await expect(
      submitPayin(database.db, gateway, { paymentId: "B-NEW-PI", flow: "p2p", amount: 100, currency: "KGS" }, actor, [PROJECT.A]),
    ).rejects.toMatchObject({ code: "not_found:register" });
    await expect(
      createPayout(
        database.db,
        gateway,
        { paymentId: "B-NEW-PO", method: "phone-p2p", phone: "77001234567", amount: 100, currency: "KGS" },
        actor,
        [PROJECT.A],
      ),
    ).rejects.toMatchObject({ code: "not_found:register" });
    const written = await database.db
      .select()
      .from(applications)
      .where(inArray(applications.paymentId, ["B-NEW-PI", "B-NEW-PO"]));
    expect(written).toEqual([]);
  });

  it("refreshes the bank list of register A only; B's is refused as unknown", async () => {
    state.user = scoped;
    expect(await payinActions.refreshBanks({ register: PROJECT.B })).toMatchObject({ ok: false, code: "not_found:register" });
    // HighHelp is offline: the answer says so in plain words, and there is no list yet.
    const a = await payinActions.refreshBanks({ register: PROJECT.A });
    expect(a).toMatchObject({ ok: true, data: { list: { banks: [], fetchedAt: null } } });
    expect(a.ok && translateText("en", a.data.list.problem ?? "")).toBe(
      "HighHelp did not give the bank list: Could not reach HighHelp (offline). There is no list yet: payins go without a preselected bank.",
    );
    const stored = await database.db.select({ projectId: registerBanks.projectId }).from(registerBanks);
    expect(stored).toEqual([{ projectId: PROJECT.A }]);
  });

  it("reads a scope change at the next request: the user's registers come from the database", async () => {
    await database.db.delete(userRegisters).where(eq(userRegisters.userId, scoped.id));
    const [loaded] = await database.db.select({ projects: scopedProjectIds() }).from(users).where(eq(users.id, scoped.id));
    expect(loaded!.projects).toEqual([]);
  });
});
