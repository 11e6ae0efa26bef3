import fs from "node:fs";
import { message } from "@/lib/i18n/message";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { applications, ROLES, type Role } from "@/drizzle/schema";
import type { CurrentUser } from "./auth";
import { can, type Permission } from "./permissions";
import { openTestDatabase, type TestDatabase } from "@/test/databases";
import { executeRows } from "@/lib/server/sql";
import type { Gateway } from "@/lib/server/gateway";
import { DEFAULT_SIGNATURE_PROFILE, prepareVerificationKey, signAlert, type HighHelpClient } from "@/lib/highhelp";
import { payinAlertBody } from "@/test/highhelp/samples";
import { createUser, createUserWithOneTimePassword } from "./commands";
import { env } from "@/lib/server/env";
import { translateText } from "@/lib/i18n/translate";

/*
 * The permission matrix: every role (and no session) × every server action and every
 * route handler, allowed or refused. Action modules ("use server" files) and route handlers
 * (route.ts) are discovered on disk, so a new one is covered without editing this file, and an
 * export missing from the tables below fails the test: nothing ships unclassified.
 *
 * The session is faked (currentUser), the database is a migrated in-memory PGlite and HighHelp is
 * a gateway whose every call fails as "offline": nothing leaves the machine.
 */

const state = vi.hoisted(() => ({
  user: null as CurrentUser | null,
  database: undefined as TestDatabase | undefined,
  gateway: undefined as Gateway | undefined,
}));

// next-auth does not load outside Next (it imports "next/server" bare): its errors are enough here.
vi.mock("next-auth", async () => {
  const errors = await import("@auth/core/errors");
  return {
    ...errors,
    default: () => {
      throw new Error("permission matrix: NextAuth() is not available in this test");
    },
  };
});

// A full stand-in for lib/accounts/auth (the real one builds next-auth).
vi.mock("@/lib/accounts/auth", async () => {
  const { redirect } = await import("next/navigation");
  const { can: allowed } = await import("./permissions");
  const { CredentialsSignin } = await import("next-auth");
  const currentUser = vi.fn(async () => state.user);
  const requireUser = async () => state.user ?? redirect("/login");
  const unreachable = vi.fn(async () => new Response("next-auth is not part of this test", { status: 501 }));
  return {
    currentUser,
    requireUser,
    async requirePermission(permission: Permission) {
      const user = await requireUser();
      return allowed(user.role, permission) ? user : redirect("/forbidden");
    },
    ThrottledSignin: class ThrottledSignin extends CredentialsSignin {
      override code = "throttled";
    },
    handlers: { GET: unreachable, POST: unreachable },
    auth: vi.fn(async () =>
      state.user ? { user: { id: String(state.user.id), email: state.user.email, role: state.user.role } } : null,
    ),
    signIn: vi.fn(async () => undefined),
    signOut: vi.fn(async () => undefined),
    revokeCurrentSession: vi.fn(async () => undefined),
  };
});

// A pass-through spy: the "exactly this permission" checks below deny one permission at a time.
vi.mock("./permissions", async (importOriginal) => {
  const real = await importOriginal<typeof import("./permissions")>();
  return { ...real, can: vi.fn(real.can) };
});

vi.mock("next/headers", async (importOriginal) => {
  const real = await importOriginal<typeof import("next/headers")>();
  return {
    ...real,
    headers: async () => new Headers({ "user-agent": "permission-matrix", "x-forwarded-for": "203.0.113.9" }),
    cookies: async () => {
      const jar = new Map<string, string>();
      return {
        get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
        getAll: () => [...jar].map(([name, value]) => ({ name, value })),
        has: (name: string) => jar.has(name),
        set: (name: string, value: string) => void jar.set(name, value),
        delete: (name: string) => void jar.delete(name),
      };
    },
  };
});

vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: vi.fn(),
  revalidateTag: vi.fn(),
}));

vi.mock("@/lib/server/db", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/db")>();
  const handle = () => {
    if (!state.database) throw new Error("permission matrix: the test database is not open yet");
    return state.database;
  };
  return { ...real, getDatabase: async () => handle(), getDb: async () => handle().db, closeDatabase: async () => undefined };
});

vi.mock("@/lib/server/gateway", async (importOriginal) => {
  const gateway = async () => {
    if (!state.gateway) throw new Error("permission matrix: no fake gateway");
    return state.gateway;
  };
  return {
    ...(await importOriginal<typeof import("@/lib/server/gateway")>()),
    defaultGateway: gateway,
    defaultCallbackGateway: gateway,
    gatewayForProject: gateway,
    clientForProject: async () => (await gateway()).client,
    gatewayForCallbackToken: async (token: string) => (token === "permission-matrix-token" ? gateway() : null),
    listGateways: async () => [await gateway()],
  };
});

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PROJECT = "permission-matrix-project";
const ALERT_SECRET = "permission-matrix-alert-secret";

const OFFLINE = {
  ok: false,
  error: { kind: "network", endpoint: "x", message: "offline", code: undefined, attempts: 1 },
} as const;
const offlineClient = new Proxy(
  {},
  // Every client method answers "offline"; `then` stays undefined so the client is not a thenable.
  { get: (_target, property) => (property === "then" ? undefined : async () => OFFLINE) },
) as unknown as HighHelpClient;
state.gateway = {
  registerId: 1,
  name: "Permission matrix",
  projectId: PROJECT,
  apiUrl: "http://highhelp.invalid",
  sandbox: true,
  status: "active",
  currencies: [],
  methods: [],
  client: offlineClient,
  alertKeys: [
    { id: 1, fingerprint: "SHA256:test", key: prepareVerificationKey({ kind: "hmac", secret: ALERT_SECRET }), retiresAt: null },
  ],
  profile: DEFAULT_SIGNATURE_PROFILE,
  callbackUrls: {
    merchant_callback_url: "https://app.test/api/highhelp/callback/intermediate",
    merchant_success_callback_url: "https://app.test/api/highhelp/callback/success",
    merchant_decline_callback_url: "https://app.test/api/highhelp/callback/decline",
  },
};

// ---------------------------------------------------------------------------------------------
// The expected tables. Edit these together with lib/accounts/permissions.ts and the actions.
// ---------------------------------------------------------------------------------------------

/** Who holds each permission: a deliberate copy of lib/accounts/permissions.ts, checked against can(). */
const EXPECTED_ROLES: Record<Permission, readonly Role[]> = {
  "applications:read": ["viewer", "operator", "admin"],
  "applications:export": ["viewer", "operator", "admin"],
  "applications:refresh": ["operator", "admin"],
  "applications:confirm": ["operator", "admin"],
  "applications:cancel": ["operator", "admin"],
  "payins:create": ["operator", "admin"],
  "payouts:create": ["admin"],
  "payouts:approve": ["admin"],
  "queue:work": ["operator", "admin"],
  "notifications:read": ["viewer", "operator", "admin"],
  "users:manage": ["admin"],
  "users:confirm-admin": ["admin"],
  "account:password": ["viewer", "operator", "admin"],
  "account:preferences": ["viewer", "operator", "admin"],
  "account:second-factor": ["viewer", "operator", "admin"],
  "settings:security": ["admin"],
  "audit:read": ["admin"],
  "callbacks:read": ["operator", "admin"],
  "callbacks:reapply": ["admin"],
  "applications:reconcile": ["admin"],
  "settings:read": ["admin"],
  "registers:manage": ["admin"],
  "webhooks:manage": ["admin"],
  "views:share": ["operator", "admin"],
  "reports:read": ["viewer", "operator", "admin"],
  "settlement:read": ["operator", "admin"],
  "settlement:snapshot": ["admin"],
};

type ActionRule =
  /** `stepUp`: refused unless the session's second factor was proved within STEP_UP_SECONDS. */
  | { permission: Permission; stepUp?: true }
  /** No permission by design: called for every subject, and must never answer a refusal. */
  | { public: string; args: () => unknown[]; check: (result: unknown) => void };

/** Every server action, by module (path from the repository root) and export name. */
const EXPECTED_ACTIONS: Record<string, Record<string, ActionRule>> = {
  "app/login/actions.ts": {
    login: {
      public: "signing in is what a visitor without a session does",
      args: () => [{}, new FormData()],
      check: (result) =>
        expect(result).toMatchObject({
          fieldErrors: {
            email: translateText(env.DEFAULT_LOCALE, "accounts.errors.enterEmail"),
            password: translateText(env.DEFAULT_LOCALE, "accounts.errors.enterPassword"),
          },
        }),
    },
  },
  "app/(app)/actions.ts": {
    signOutAction: {
      public: "signing out needs no permission (and is harmless without a session)",
      args: () => [],
      check: (result) => expect(result).toBeUndefined(),
    },
  },
  "app/(app)/payins/new/actions.ts": {
    createPayin: { permission: "payins:create" },
    refreshBanks: { permission: "payins:create" },
    findApplicationOfForm: { permission: "payins:create" },
  },
  "app/(app)/payouts/new/actions.ts": {
    reviewNewPayout: { permission: "payouts:create" },
    createNewPayout: { permission: "payouts:create", stepUp: true },
    findApplicationOfForm: { permission: "payouts:create" },
  },
  "app/(app)/_components/saved-views/actions.ts": {
    saveViewAction: { permission: "applications:read" },
    deleteViewAction: { permission: "applications:read" },
    setDefaultViewAction: { permission: "applications:read" },
  },
  "app/(app)/applications/[id]/actions.ts": {
    refreshApplication: { permission: "applications:refresh" },
    confirmApplication: { permission: "applications:confirm" },
    cancelApplication: { permission: "applications:cancel" },
    approvePayoutAction: { permission: "payouts:approve", stepUp: true },
    rejectPayoutAction: { permission: "payouts:approve", stepUp: true },
    resendPayoutAction: { permission: "payouts:create", stepUp: true },
  },
  "app/(app)/queue/actions.ts": {
    assignItemAction: { permission: "queue:work" },
    addNoteAction: { permission: "queue:work" },
    resolveItemAction: { permission: "queue:work" },
    snoozeItemAction: { permission: "queue:work" },
    workOnItemsAction: { permission: "queue:work" },
  },
  "components/notifications/actions.ts": {
    markNotificationReadAction: { permission: "notifications:read" },
    markAllNotificationsReadAction: { permission: "notifications:read" },
  },
  "app/(app)/callbacks/actions.ts": {
    reapplyDeliveryAction: { permission: "callbacks:reapply", stepUp: true },
    reconcileApplicationAction: { permission: "applications:reconcile" },
  },
  "app/(app)/users/actions.ts": {
    createUserAction: { permission: "users:manage", stepUp: true },
    changeRoleAction: { permission: "users:manage", stepUp: true },
    setDisabledAction: { permission: "users:manage", stepUp: true },
    resetPasswordAction: { permission: "users:manage", stepUp: true },
    setRegisterScopeAction: { permission: "users:manage", stepUp: true },
    confirmAdminAction: { permission: "users:confirm-admin", stepUp: true },
    resetSecondFactorAction: { permission: "users:manage", stepUp: true },
    setFactorRolesAction: { permission: "settings:security", stepUp: true },
  },
  "app/(app)/registers/actions.ts": {
    createRegisterAction: { permission: "registers:manage", stepUp: true },
    setRegisterStatusAction: { permission: "registers:manage", stepUp: true },
    addAlertKeyAction: { permission: "registers:manage", stepUp: true },
    retireAlertKeyAction: { permission: "registers:manage", stepUp: true },
    deleteRegisterAction: { permission: "registers:manage", stepUp: true },
    testRegisterConnectionAction: { permission: "registers:manage" },
  },
  "app/(app)/settings/actions.ts": {
    saveWebhookAction: { permission: "webhooks:manage", stepUp: true },
    rotateWebhookSecretAction: { permission: "webhooks:manage", stepUp: true },
    setWebhookEnabledAction: { permission: "webhooks:manage", stepUp: true },
    sendWebhookTestAction: { permission: "webhooks:manage", stepUp: true },
  },
  "app/account/password/actions.ts": {
    changePasswordAction: { permission: "account:password" },
  },
  "app/account/verify/actions.ts": {
    verifySecondFactorAction: { permission: "account:second-factor" },
  },
  "app/account/security/actions.ts": {
    startEnrolmentAction: { permission: "account:second-factor" },
    confirmEnrolmentAction: { permission: "account:second-factor" },
  },
  "app/(app)/preferences/actions.ts": {
    savePreferencesAction: { permission: "account:preferences" },
  },
  "app/(app)/reports/settlement/actions.ts": {
    takeSnapshotAction: { permission: "settlement:snapshot" },
  },
};

type Params = Record<string, string | string[] | undefined>;
type RouteCall = { request: () => Request; params?: () => Params };
type RouteRule =
  | { nextAuth: string }
  | (RouteCall & { public: string; status: number | "4xx" })
  /** No session: 401; a role without the permission: 403; a role with it: `status`. */
  | (RouteCall & { permission: Permission; status: number });

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const seeded = { applicationId: 0 };

/** Every route handler, by file and HTTP method. */
const EXPECTED_ROUTES: Record<string, Record<string, RouteRule>> = {
  "app/api/health/route.ts": {
    GET: { public: "load balancers probe it", status: 200, request: () => new Request("http://app.test/api/health") },
  },
  "app/api/health/live/route.ts": {
    GET: { public: "liveness probes", status: 200, request: () => new Request("http://app.test/api/health/live") },
  },
  "app/api/health/ready/route.ts": {
    GET: { public: "load balancers probe it", status: 200, request: () => new Request("http://app.test/api/health/ready") },
  },
  "app/api/metrics/route.ts": {
    GET: {
      public: "authenticated by METRICS_TOKEN, not a session: 404 while it is unset (never set here)",
      status: 404,
      request: () => new Request("http://app.test/api/metrics"),
    },
  },
  "app/api/highhelp/callback/[[...kind]]/route.ts": {
    POST: {
      public: "HighHelp calls it; the alert signature is the authentication",
      status: "4xx",
      request: () =>
        new Request("http://app.test/api/highhelp/callback/success", {
          method: "POST",
          body: JSON.stringify(alertBody("PM-UNSIGNED")),
        }),
      params: () => ({ kind: ["success"] }),
    },
  },
  "app/api/bench/naive-callback/route.ts": {
    POST: {
      public: "bench-only: 404 unless the server starts with BENCH_NAIVE_CALLBACK=1 (never set here)",
      status: 404,
      request: () =>
        new Request("http://app.test/api/bench/naive-callback", {
          method: "POST",
          body: JSON.stringify(alertBody("PM-BENCH")),
        }),
    },
  },
  "app/api/auth/[...nextauth]/route.ts": {
    GET: { nextAuth: "next-auth's own endpoints" },
    POST: { nextAuth: "next-auth's own endpoints" },
  },
  "app/api/applications/export/route.ts": {
    GET: {
      permission: "applications:export",
      status: 200,
      request: () => new Request("http://app.test/api/applications/export?type=payin"),
    },
  },
  "app/api/notifications/route.ts": {
    GET: {
      permission: "notifications:read",
      status: 200,
      request: () => new Request("http://app.test/api/notifications"),
    },
  },
  "app/api/audit/export/route.ts": {
    GET: {
      permission: "audit:read",
      status: 200,
      request: () => new Request("http://app.test/api/audit/export?action=payin.create"),
    },
  },
  "app/api/reports/turnover/route.ts": {
    GET: {
      permission: "reports:read",
      status: 200,
      request: () => new Request("http://app.test/api/reports/turnover?granularity=month"),
    },
  },
  "app/api/settlement/route.ts": {
    GET: {
      permission: "settlement:read",
      status: 200,
      request: () => new Request("http://app.test/api/settlement"),
    },
  },
  "app/api/applications/[id]/version/route.ts": {
    GET: {
      permission: "applications:read",
      status: 200,
      request: () => new Request(`http://app.test/api/applications/${seeded.applicationId}/version`),
      params: () => ({ id: String(seeded.applicationId) }),
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const TEST = /\.(?:test|spec)\.[cm]?[jt]sx?$/;
/** "use server" as the module's first statement (after comments): every export is an action. */
const MODULE_DIRECTIVE = /^\uFEFF?(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*(["'])use server\1/;
/** "use server" as a statement anywhere (an inline action inside a component, for one). */
const ANY_DIRECTIVE = /^\s*(["'])use server\1;?\s*$/m;

function sourceFiles(dir: string): string[] {
  const absolute = path.join(ROOT, dir);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: "utf8" })
    .map((file) => path.posix.join(dir, file.split(path.sep).join("/")))
    .filter(
      (file) =>
        SOURCE.test(file) && !TEST.test(file) && !file.includes("node_modules/") && fs.statSync(path.join(ROOT, file)).isFile(),
    )
    .sort();
}

const scanned = ["app", "lib", "components"]
  .flatMap(sourceFiles)
  .map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), "utf8") }));
const actionFiles = scanned.filter(({ text }) => MODULE_DIRECTIVE.test(text)).map(({ file }) => file);
const inlineActionFiles = scanned
  .filter(({ text }) => !MODULE_DIRECTIVE.test(text) && ANY_DIRECTIVE.test(text))
  .map(({ file }) => file);
const routeFiles = sourceFiles("app").filter((file) => /(?:^|\/)route\.[cm]?[jt]sx?$/.test(file));

type AnyFunction = (...args: unknown[]) => unknown;
type Discovered = { file: string; name: string; value: unknown };

async function exportsOf(files: string[]): Promise<Discovered[]> {
  const modules = await Promise.all(
    files.map(async (file) => ({
      file,
      module: (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>,
    })),
  );
  return modules.flatMap(({ file, module }) => Object.entries(module).map(([name, value]) => ({ file, name, value })));
}

const actionExports = await exportsOf(actionFiles);
const routeExports = (await exportsOf(routeFiles)).filter(({ name }) => HTTP_METHODS.has(name));

const ruleOfAction = ({ file, name }: Discovered): ActionRule | undefined => EXPECTED_ACTIONS[file]?.[name];
const ruleOfRoute = ({ file, name }: Discovered): RouteRule | undefined => EXPECTED_ROUTES[file]?.[name];

const permissionActions = actionExports.flatMap((entry) => {
  const rule = ruleOfAction(entry);
  return rule && "permission" in rule
    ? [{ ...entry, label: `${entry.file} ${entry.name}`, permission: rule.permission, stepUp: rule.stepUp === true }]
    : [];
});
const publicActions = actionExports.flatMap((entry) => {
  const rule = ruleOfAction(entry);
  return rule && "public" in rule ? [{ ...entry, label: `${entry.file} ${entry.name}`, rule }] : [];
});
const permissionRoutes = routeExports.flatMap((entry) => {
  const rule = ruleOfRoute(entry);
  return rule && "permission" in rule ? [{ ...entry, label: `${entry.name} ${entry.file}`, rule }] : [];
});
const publicRoutes = routeExports.flatMap((entry) => {
  const rule = ruleOfRoute(entry);
  return rule && "public" in rule ? [{ ...entry, label: `${entry.name} ${entry.file}`, rule }] : [];
});

// ---------------------------------------------------------------------------------------------
// Subjects and helpers
// ---------------------------------------------------------------------------------------------

const NO_SESSION = "no session";
type Subject = Role | typeof NO_SESSION;
const SUBJECTS: readonly Subject[] = [...ROLES, NO_SESSION];
const users = {} as Record<Role, CurrentUser>;

// Refusals are message keys, answered in the reader's language (here the default one) by actions and in
// English by route handlers.
// The key rides along unenumerated, so that toEqual compares exactly what an action answers.
const refusal = (code: string, key: string) =>
  Object.defineProperty({ ok: false, code, message: translateText(env.DEFAULT_LOCALE, key) }, "key", {
    value: key,
    enumerable: false,
  }) as {
    ok: false;
    code: string;
    message: string;
    key: string;
  };
const SESSION_ENDED = refusal("unauthenticated:session", "accounts.errors.sessionEnded");
const roleRefused = (permission: Permission) => refusal(`forbidden:${permission}`, "accounts.errors.roleForbids");
const PASSWORD_CHANGE = refusal("forbidden:password_change", "accounts.errors.changePasswordFirst");
const FACTOR_PENDING = refusal("forbidden:second_factor", "accounts.errors.codeFirst");
const ENROL_FIRST = refusal("forbidden:second_factor_enrol", "accounts.errors.enrolFirst");
const STEP_UP = refusal("forbidden:step_up", "secondFactor.errors.stepUp");
const STEP_UP_ENROL = refusal("forbidden:step_up", "secondFactor.errors.stepUpEnrol");
const REFUSALS = [
  SESSION_ENDED,
  roleRefused("users:manage"),
  PASSWORD_CHANGE,
  FACTOR_PENDING,
  ENROL_FIRST,
  STEP_UP,
  STEP_UP_ENROL,
].map((r) => r.message);
/** A session whose second factor was proved just now: step-up lets it through. */
const freshFactor = () => ({ enrolled: true, required: true, verifiedAt: new Date(), appCodeAt: new Date() });
const CRASHED = new RegExp(`^${translateText(env.DEFAULT_LOCALE, "errors.internal").slice(0, 20)}`);

/** A route's refusal, in the shape every route handler answers errors with. */
const routeRefusal = ({ code, key }: { code: string; key: string }) => ({ error: code, message: translateText("en", key) });

const { can: realCan } = await vi.importActual<typeof import("@/lib/accounts/permissions")>("./permissions");

function actAs(subject: Subject): void {
  state.user = subject === NO_SESSION ? null : { ...users[subject], secondFactor: freshFactor() };
}

/** A server action's answer; a redirect (thrown by next/navigation) counts as an answer too. */
async function callAction(fn: AnyFunction, args: unknown[]): Promise<unknown> {
  try {
    return await fn(...args);
  } catch (error) {
    const digest = (error as { digest?: unknown } | null)?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { redirect: digest };
    throw error;
  }
}

async function callRoute(handler: unknown, call: RouteCall): Promise<{ status: number; body: string }> {
  const response = (await (handler as AnyFunction)(call.request(), {
    params: Promise.resolve(call.params?.() ?? {}),
  })) as Response;
  return { status: response.status, body: await response.text() };
}

function expectNotRefused(result: unknown): void {
  const { message, code } = (result ?? {}) as { message?: unknown; code?: unknown };
  expect(REFUSALS).not.toContain(message);
  expect(typeof message === "string" ? message : "").not.toMatch(CRASHED);
  expect(typeof code === "string" ? code : "").not.toMatch(/^internal:/);
}

const alertBody = (paymentId: string) => payinAlertBody(PROJECT, paymentId);

function signedAlert(body: unknown, secret: string): Request {
  const { headers } = signAlert({
    body,
    timestamp: Math.floor(Date.now() / 1000),
    key: { kind: "hmac", secret },
    merchantId: PROJECT,
  });
  return new Request("http://app.test/api/highhelp/callback/intermediate", {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  state.database = await openTestDatabase("pglite");
  for (const role of ROLES) {
    const user = await createUser(state.database.db, {
      email: `${role}@matrix.test`,
      name: `Matrix ${role}`,
      role,
      password: `${role} matrix password`,
    });
    users[role] = {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      mustChangePassword: false,
      projects: "all",
      secondFactor: freshFactor(),
      sessionId: `matrix-${role}`,
    };
  }
  const [application] = await state.database.db
    .insert(applications)
    .values({
      projectId: PROJECT,
      paymentId: "PM-1",
      type: "payin",
      product: "p2p",
      integration: "h2h",
      amount: 10_000,
      currency: "KZT",
    })
    .returning();
  seeded.applicationId = application!.id;
});

afterAll(async () => {
  await state.database?.drop();
});

afterEach(() => {
  vi.mocked(can).mockImplementation(realCan);
});

// ---------------------------------------------------------------------------------------------
// The tables are complete and agree with lib/accounts/permissions.ts
// ---------------------------------------------------------------------------------------------

describe("the permission tables", () => {
  it("agree with can() from lib/accounts/permissions.ts for every role", () => {
    for (const [permission, roles] of Object.entries(EXPECTED_ROLES) as [Permission, readonly Role[]][]) {
      for (const role of ROLES)
        expect({ permission, role, allowed: realCan(role, permission) }).toEqual({
          permission,
          role,
          allowed: roles.includes(role),
        });
      expect(realCan(null, permission)).toBe(false);
      expect(realCan(undefined, permission)).toBe(false);
    }
  });

  it("finds the server action modules and route handlers on disk", () => {
    expect(actionFiles).toContain("app/(app)/payouts/new/actions.ts");
    expect(actionFiles).toContain("app/login/actions.ts");
    expect(routeFiles).toContain("app/api/applications/export/route.ts");
    expect(permissionActions.length).toBeGreaterThan(0);
  });

  it("classifies every exported server action (add new ones to EXPECTED_ACTIONS)", () => {
    const unclassified = actionExports.filter((entry) => !ruleOfAction(entry)).map(({ file, name }) => `${file} ${name}`);
    expect(unclassified, "server actions missing from EXPECTED_ACTIONS in this test").toEqual([]);
    const notFunctions = actionExports
      .filter(({ value }) => typeof value !== "function")
      .map(({ file, name }) => `${file} ${name}`);
    expect(notFunctions, 'a "use server" module may only export async functions').toEqual([]);
  });

  it("lists no server action that no longer exists", () => {
    const found = new Set(actionExports.map(({ file, name }) => `${file} ${name}`));
    const stale = Object.entries(EXPECTED_ACTIONS).flatMap(([file, rules]) =>
      Object.keys(rules)
        .map((name) => `${file} ${name}`)
        .filter((key) => !found.has(key)),
    );
    expect(stale, "EXPECTED_ACTIONS entries with no such export").toEqual([]);
  });

  it('has no inline "use server" action outside an action module (the matrix could not see it)', () => {
    expect(inlineActionFiles).toEqual([]);
  });

  it("classifies every route handler (add new ones to EXPECTED_ROUTES)", () => {
    const unclassified = routeExports.filter((entry) => !ruleOfRoute(entry)).map(({ file, name }) => `${name} ${file}`);
    expect(unclassified, "route handlers missing from EXPECTED_ROUTES in this test").toEqual([]);
    const found = new Set(routeExports.map(({ file, name }) => `${name} ${file}`));
    const stale = Object.entries(EXPECTED_ROUTES).flatMap(([file, rules]) =>
      Object.keys(rules)
        .map((name) => `${name} ${file}`)
        .filter((key) => !found.has(key)),
    );
    expect(stale, "EXPECTED_ROUTES entries with no such handler").toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Server actions
// ---------------------------------------------------------------------------------------------

for (const { label, value, permission, stepUp } of permissionActions)
  describe(`server action ${label} (${permission}${stepUp ? ", step-up" : ""})`, () => {
    const action = value as AnyFunction;
    const holder = EXPECTED_ROLES[permission].includes("admin") ? "admin" : EXPECTED_ROLES[permission][0]!;

    it("refuses a session that has not entered its second factor yet (except the code entry itself)", async () => {
      state.user = { ...users[holder], secondFactor: { enrolled: true, required: false, verifiedAt: null, appCodeAt: null } };
      const result = await callAction(action, [new FormData()]);
      if (permission === "account:second-factor") expectNotRefused(result);
      else expect(result).toEqual(FACTOR_PENDING);
    });

    it("refuses an account whose role must use a second factor it has not set up (except enrolment and the password)", async () => {
      state.user = { ...users[holder], secondFactor: { enrolled: false, required: true, verifiedAt: null, appCodeAt: null } };
      const result = await callAction(action, [new FormData()]);
      if (permission === "account:second-factor" || permission === "account:password") expectNotRefused(result);
      else expect(result).toEqual(ENROL_FIRST);
    });

    it(stepUp ? "asks for a fresh code once the last one is older than STEP_UP_SECONDS" : "asks for no fresh code", async () => {
      const stale = new Date(Date.now() - 301_000);
      state.user = { ...users[holder], secondFactor: { enrolled: true, required: true, verifiedAt: stale, appCodeAt: stale } };
      const result = await callAction(action, [new FormData()]);
      if (stepUp) expect(result).toEqual(STEP_UP);
      else expectNotRefused(result);
    });

    it(stepUp ? "asks an account without a second factor to set one up first" : "needs no second factor", async () => {
      state.user = { ...users[holder], secondFactor: { enrolled: false, required: false, verifiedAt: null, appCodeAt: null } };
      const result = await callAction(action, [new FormData()]);
      if (stepUp) expect(result).toEqual(STEP_UP_ENROL);
      else expectNotRefused(result);
    });

    it.each(SUBJECTS)(`as %s`, async (subject) => {
      actAs(subject);
      const result = await callAction(action, [new FormData()]);
      if (subject === NO_SESSION) expect(result).toEqual(SESSION_ENDED);
      else if (!EXPECTED_ROLES[permission].includes(subject)) expect(result).toEqual(roleRefused(permission));
      else expectNotRefused(result);
    });

    it("refuses an admin who must still replace a one-time password (except the password change)", async () => {
      state.user = { ...users.admin, mustChangePassword: true };
      const result = await callAction(action, [new FormData()]);
      if (permission === "account:password") expectNotRefused(result);
      else expect(result).toEqual(PASSWORD_CHANGE);
    });

    it(`asks for exactly ${permission}`, async () => {
      const holder = EXPECTED_ROLES[permission][0];
      if (!holder) return; // nobody holds it: every role is refused above already
      actAs(holder);
      vi.mocked(can).mockImplementation((role, asked) => asked !== permission && realCan(role, asked));
      expect(await callAction(action, [new FormData()])).toEqual(roleRefused(permission));
    });
  });

for (const { label, value, rule } of publicActions)
  describe(`public server action ${label}`, () => {
    it.each(SUBJECTS)("as %s", async (subject) => {
      actAs(subject);
      const result = await callAction(value as AnyFunction, rule.args());
      expectNotRefused(result);
      rule.check(result);
    });
  });

// ---------------------------------------------------------------------------------------------
// Route handlers
// ---------------------------------------------------------------------------------------------

for (const { label, value, rule } of permissionRoutes)
  describe(`route ${label} (${rule.permission})`, () => {
    it.each(SUBJECTS)("as %s", async (subject) => {
      actAs(subject);
      const { status, body } = await callRoute(value, rule);
      if (subject === NO_SESSION) {
        expect(status).toBe(401);
        expect(JSON.parse(body)).toEqual(routeRefusal(SESSION_ENDED));
      } else if (!EXPECTED_ROLES[rule.permission].includes(subject)) {
        expect(status).toBe(403);
        expect(JSON.parse(body)).toEqual(routeRefusal(roleRefused(rule.permission)));
      } else expect(status).toBe(rule.status);
    });

    it("refuses a session that has not entered its second factor yet, and an account that must set one up", async () => {
      state.user = { ...users.admin, secondFactor: { enrolled: true, required: true, verifiedAt: null, appCodeAt: null } };
      const pending = await callRoute(value, rule);
      expect(pending.status).toBe(403);
      expect(JSON.parse(pending.body)).toEqual(routeRefusal(FACTOR_PENDING));
      state.user = { ...users.admin, secondFactor: { enrolled: false, required: true, verifiedAt: null, appCodeAt: null } };
      const enrol = await callRoute(value, rule);
      expect(enrol.status).toBe(403);
      expect(JSON.parse(enrol.body)).toEqual(routeRefusal(ENROL_FIRST));
    });

    it("refuses an admin who must still replace a one-time password", async () => {
      state.user = { ...users.admin, mustChangePassword: true };
      const { status, body } = await callRoute(value, rule);
      expect(status).toBe(403);
      expect(JSON.parse(body)).toEqual(routeRefusal(PASSWORD_CHANGE));
    });

    it(`asks for exactly ${rule.permission}`, async () => {
      const holder = EXPECTED_ROLES[rule.permission][0];
      if (!holder) return;
      actAs(holder);
      vi.mocked(can).mockImplementation((role, asked) => asked !== rule.permission && realCan(role, asked));
      expect((await callRoute(value, rule)).status).toBe(403);
    });
  });

for (const { label, value, rule } of publicRoutes)
  describe(`public route ${label}`, () => {
    it.each(SUBJECTS)("as %s", async (subject) => {
      actAs(subject);
      const { status } = await callRoute(value, rule);
      if (rule.status === "4xx") expect(status >= 400 && status < 500, `status ${status}`).toBe(true);
      else expect(status).toBe(rule.status);
    });
  });

describe("the HighHelp callback route (authenticated by signature, not session)", () => {
  const route = routeExports.find(
    ({ file, name }) => file === "app/api/highhelp/callback/[[...kind]]/route.ts" && name === "POST",
  );
  const post = (request: Request) =>
    callRoute(route?.value, { request: () => request, params: () => ({ kind: ["intermediate"] }) });

  it.each(SUBJECTS)("refuses a wrongly signed alert, whatever the session (%s)", async (subject) => {
    actAs(subject);
    const { status, body } = await post(signedAlert(alertBody("PM-WRONG-KEY"), "not-the-alert-secret"));
    expect(status).toBe(401);
    expect(JSON.parse(body)).toEqual({ error: "unauthenticated:invalid_signature", message: expect.any(String) });
  });

  it("accepts a correctly signed alert (so the refusals above are the signature's doing)", async () => {
    actAs(NO_SESSION);
    expect((await post(signedAlert(alertBody("PM-SIGNED"), ALERT_SECRET))).status).toBe(200);
  });

  it("serves a register's own URL by its token, and refuses an unknown token with a 404", async () => {
    actAs(NO_SESSION);
    const at = (token: string, paymentId: string) =>
      callRoute(route?.value, {
        request: () => signedAlert(alertBody(paymentId), ALERT_SECRET),
        params: () => ({ kind: ["r", token, "success"] }),
      });
    expect((await at("permission-matrix-token", "PM-BY-TOKEN")).status).toBe(200);
    const unknown = await at("no-such-token", "PM-NO-TOKEN");
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ error: "not_found:callback_register", message: expect.any(String) });
  });
});

describe("the bench's naive callback route (closed outside the bench, signature-checked when open)", () => {
  const route = routeExports.find(({ file, name }) => file === "app/api/bench/naive-callback/route.ts" && name === "POST");
  const post = (request: Request) => callRoute(route?.value, { request: () => request });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("refuses a wrongly signed alert and stores a correctly signed one once", async () => {
    vi.stubEnv("BENCH_NAIVE_CALLBACK", "1");
    const db = state.database!.db;
    await db.execute(sql`create table if not exists bench_naive_events (key text primary key, body text)`);
    const { status, body } = await post(signedAlert(alertBody("PM-NAIVE-WRONG-KEY"), "not-the-alert-secret"));
    expect(status).toBe(401);
    expect(JSON.parse(body)).toEqual({ error: "unauthenticated:invalid_signature", message: "bad_signature" });
    expect((await post(signedAlert(alertBody("PM-NAIVE"), ALERT_SECRET))).status).toBe(200);
    expect((await post(signedAlert(alertBody("PM-NAIVE"), ALERT_SECRET))).status).toBe(200);
    const rows = await executeRows<{ key: string }>(db, sql`select key from bench_naive_events`);
    expect(rows.map(({ key }) => key)).toEqual([expect.stringMatching(/^permission-matrix-project:PM-NAIVE:/)]);
  });
});

describe("confirming an admin (users:confirm-admin): allowed to admins, yet never to the admin who asked", () => {
  const confirm = () =>
    actionExports.find(({ file, name }) => file === "app/(app)/users/actions.ts" && name === "confirmAdminAction")!
      .value as AnyFunction;
  const form = (userId: number) => {
    const data = new FormData();
    data.set("userId", String(userId));
    return data;
  };

  it("refuses the asking admin on the server, then lets a second admin confirm", async () => {
    const db = state.database!.db;
    const asker = users.admin;
    const { user: pending } = await createUserWithOneTimePassword(
      db,
      { email: "pending@matrix.test", name: "Pending", role: "admin" },
      { userId: asker.id, email: asker.email },
    );
    const second = await createUser(db, {
      email: "second@matrix.test",
      name: "Second",
      role: "admin",
      password: "second matrix password",
    });
    actAs("admin");
    expect(await callAction(confirm(), [form(pending.id)])).toMatchObject({ ok: false, code: "forbidden:four_eyes" });
    state.user = { ...asker, id: second.id, email: second.email };
    expect(await callAction(confirm(), [form(pending.id)])).toMatchObject({
      ok: true,
      message: translateText(env.DEFAULT_LOCALE, message("accounts.done.adminConfirmed", { email: "pending@matrix.test" })),
    });
  });
});
