import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sessionFactors, users } from "@/drizzle/schema";
import { openTestDatabase, type TestDatabase } from "@/test/databases";
import { createUser } from "./commands";
import { enrolWithSecret } from "./second-factor";

/*
 * The one-time-password gate on every page, with the real session checks (lib/accounts/auth): an
 * account that must still replace its one-time password is sent to the password change by each page
 * itself, not only by the (app) layout, which a client navigation may not render again. Pages are
 * discovered on disk, so a new one is covered without editing this file.
 */

const state = vi.hoisted(() => ({
  session: null as null | { user: { id: string; sid: string; sv: number } },
  /** The page asked for, as the proxy tells it. */
  returnPath: "/payouts?status=success",
  database: undefined as import("@/test/databases").TestDatabase | undefined,
}));

// next-auth does not load outside Next (it imports "next/server" bare): a stand-in.
vi.mock("next-auth", async () => {
  const errors = await import("@auth/core/errors");
  return {
    ...errors,
    default: () => ({
      handlers: {},
      auth: async () => state.session,
      signIn: async () => undefined,
      signOut: async () => undefined,
    }),
  };
});
vi.mock("next-auth/providers/credentials", () => ({ default: (options: unknown) => options }));
// The session cookie as the page reads it: the test's session.
vi.mock("./session-token", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./session-token")>()),
  requestSession: async () =>
    state.session && {
      claims: { userId: Number(state.session.user.id), sessionId: state.session.user.sid, sessionVersion: state.session.user.sv },
    },
}));

vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => new Headers({ "x-return-path": state.returnPath }),
}));

vi.mock("@/lib/server/db", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/db")>();
  return { ...real, getDatabase: async () => state.database!, getDb: async () => state.database!.db };
});

// next-intl's server half needs Next's request scope: pages that render get the keys as their words.
vi.mock("@/lib/i18n/server", () => ({ getTranslations: async () => (key: string) => key }));

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Pages open to an account on a one-time password: the password change itself, and pages needing no session. */
const OPEN = new Set(["app/account/password/page.tsx", "app/login/page.tsx", "app/forbidden/page.tsx"]);

const pages = fs
  .readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" })
  .map((file) => path.posix.join("app", file.split(path.sep).join("/")))
  .filter((file) => /(?:^|\/)page\.tsx$/.test(file))
  .sort();

async function render(file: string, searchParams: Record<string, string> = {}): Promise<unknown> {
  const page = (await import(/* @vite-ignore */ path.join(ROOT, file))) as { default: (props: unknown) => unknown };
  try {
    return await page.default({ params: Promise.resolve({ id: "1" }), searchParams: Promise.resolve(searchParams) });
  } catch (error) {
    const digest = (error as { digest?: unknown } | null)?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";")[2] };
    throw error;
  }
}

let database: TestDatabase;
let userId = 0;

beforeAll(async () => {
  database = state.database = await openTestDatabase("pglite");
  // Another account with a factor first, so that ids of users and of factors differ.
  const other = await createUser(database.db, {
    email: "other@backoffice.test",
    name: "Other",
    role: "viewer",
    password: "other long password",
  });
  await enrolWithSecret(database.db, other.id, "APPROVERSANDBOXTOTPSECRETDEMOAAA");
  const user = await createUser(database.db, {
    email: "gate@backoffice.test",
    name: "Gate",
    role: "admin",
    password: "gate long password",
  });
  await database.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id));
  userId = user.id;
  state.session = { user: { id: String(user.id), sid: "gate-session", sv: user.sessionVersion } };
});
afterAll(async () => database?.drop());

describe("pages for an account that must replace its one-time password", () => {
  it("finds the pages on disk", () => {
    expect(pages).toContain("app/(app)/payouts/new/page.tsx");
    expect(pages.filter((file) => !OPEN.has(file)).length).toBeGreaterThan(5);
  });

  it.each(pages.filter((file) => !OPEN.has(file)))("%s sends it to the password change", async (file) => {
    expect(await render(file)).toEqual({ redirect: "/account/password" });
  });

  it("the password change page itself opens", async () => {
    expect(await render("app/account/password/page.tsx")).not.toHaveProperty("redirect");
  });

  it("once the password is changed, the same session is no longer sent there", async () => {
    await database.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, userId));
    expect(await render("app/(app)/users/page.tsx")).not.toEqual({ redirect: "/account/password" });
  });
});

/** Pages open to an account that must still prove or set up its second factor. */
const FACTOR_OPEN = new Set(["app/login/page.tsx", "app/forbidden/page.tsx"]);

describe("pages and the second factor", () => {
  const enrolOpen = new Set(["app/account/security/page.tsx", "app/account/password/page.tsx"]);
  it.each(pages.filter((file) => !FACTOR_OPEN.has(file) && !enrolOpen.has(file)))(
    "%s sends an admin without a second factor (required for admins by default) to set one up",
    async (file) => {
      expect(await render(file)).toEqual({ redirect: "/account/security" });
    },
  );

  it("the set-up page and the password change open", async () => {
    expect(await render("app/account/password/page.tsx")).not.toHaveProperty("redirect");
    expect(await render("app/account/security/page.tsx")).not.toHaveProperty("redirect");
  });

  it.each(pages.filter((file) => !FACTOR_OPEN.has(file) && file !== "app/account/verify/page.tsx"))(
    "%s sends a session that has not entered its code yet to the code entry, which returns to the page asked for",
    async (file) => {
      await enrolWithSecret(database.db, userId, "ADMINSANDBOXTOTPSECRETDEMOAAAAAA");
      expect(await render(file)).toEqual({ redirect: "/account/verify?next=%2Fpayouts%3Fstatus%3Dsuccess" });
    },
  );

  it("the code entry is told no page to return to when the dashboard, the sign-in or the code entry itself was asked for", async () => {
    for (const asked of ["/", "/login?callbackUrl=%2F", "/account/verify?next=%2Fpayouts"]) {
      state.returnPath = asked;
      expect(await render("app/(app)/payouts/(list)/page.tsx")).toEqual({ redirect: "/account/verify" });
    }
    state.returnPath = "/payouts?status=success";
  });

  it("once the session has entered its code, pages open and the code entry sends it home", async () => {
    await database.db
      .insert(sessionFactors)
      .values({ sessionId: "gate-session", userId, verifiedAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) });
    expect(await render("app/(app)/users/page.tsx")).not.toHaveProperty("redirect");
    expect(await render("app/account/verify/page.tsx")).toEqual({ redirect: "/" });
    expect(await render("app/account/verify/page.tsx", { next: "/payouts?status=success" })).toEqual({
      redirect: "/payouts?status=success",
    });
    expect(await render("app/account/verify/page.tsx", { next: "https://evil.example/" })).toEqual({ redirect: "/" });
  });
});
