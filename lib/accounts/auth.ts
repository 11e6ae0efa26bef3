import "server-only";
import { eq, lt, sql } from "drizzle-orm";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { appSettings, revokedSessions, sessionFactors, userFactors, users, type Role } from "@/drizzle/schema";
import { getDb, type Database } from "@/lib/server/db";
import { preparedOnce } from "@/lib/server/sql";
import { logger } from "@/lib/server/logger";
import { requestContext } from "@/lib/server/request-context";
import { authConfig, RETURN_PATH_HEADER, SESSION_MAX_SECONDS } from "./auth-config";
import { safeRedirectPath } from "./safe-redirect";
import { requestSession } from "./session-token";
import { can, type Permission } from "./permissions";
import { scopedProjectIds } from "./queries";
import type { ProjectScope } from "./register-scope";
import { FACTOR_ROLES_SETTING, forgetSession, parseFactorRoles, type SecondFactorState } from "./second-factor";
import { attemptSignIn } from "./sign-in";

/** Too many failed attempts lately: the login page says so, and for how long. */
export class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

const credentialsSchema = z.object({ email: z.string().max(254), password: z.string().max(256) });

export const { handlers, signIn, signOut } = NextAuth({
  ...authConfig,
  logger: {
    // A refused sign-in is an expected outcome, not an error with a stack trace. Auth.js's own
    // `type` tells it (class names do not survive minification in the production build).
    error(error) {
      if ((error as { type?: unknown }).type === CredentialsSignin.type) logger.info("sign-in refused");
      else logger.error("auth error", { error });
    },
    warn(code) {
      logger.warn("auth warning", { code });
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const result = await attemptSignIn(
          await getDb(),
          parsed.data.email,
          parsed.data.password,
          requestContext(request.headers),
        );
        if (!result.ok)
          throw result.reason === "throttled" ? new ThrottledSignin(result.retryAfterSeconds) : new CredentialsSignin();
        const { user } = result;
        return { id: String(user.id), email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
      },
    }),
  ],
});

export type CurrentUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  /** The registers of the user's scope as stored; read it through allowedProjects (admins have every one). */
  projects: ProjectScope;
  /** The profile's language and zone; null: chosen by lib/i18n/request.ts. */
  locale?: string | null;
  timeZone?: string | null;
  /** The session's second factor: enrolled, required by the role, proved when (lib/accounts/second-factor.ts). */
  secondFactor: SecondFactorState;
  /** The session's id (the JWT's `sid`): the second factor is proved per session. */
  sessionId: string;
};

/** The user of a session with what currentUser checks, by `userId` and `sessionId`: read at every request. */
const currentUserStatement = (db: Database) =>
  preparedOnce(db, "current_user", (db, name) => {
    const sessionId = sql.placeholder("sessionId");
    return db
      .select({
        user: users,
        revoked: sql<boolean>`exists (select 1 from ${revokedSessions} where ${revokedSessions.sessionId} = ${sessionId})`,
        projects: scopedProjectIds(),
        enrolled: sql<boolean>`exists (select 1 from ${userFactors} where ${userFactors.userId} = "users"."id" and ${userFactors.confirmedAt} is not null)`,
        verifiedAt: sql<
          Date | string | null
        >`(select ${sessionFactors.verifiedAt} from ${sessionFactors} where ${sessionFactors.sessionId} = ${sessionId} and ${sessionFactors.userId} = "users"."id")`,
        appCodeAt: sql<
          Date | string | null
        >`(select ${sessionFactors.appCodeAt} from ${sessionFactors} where ${sessionFactors.sessionId} = ${sessionId} and ${sessionFactors.userId} = "users"."id")`,
        factorRoles: sql<unknown>`(select ${appSettings.value} from ${appSettings} where ${appSettings.key} = ${FACTOR_ROLES_SETTING})`,
      })
      .from(users)
      .where(eq(users.id, sql.placeholder("userId")))
      .prepare(name);
  });

/**
 * The signed-in user, or null: the session cookie must be valid, not signed out (revoked_sessions),
 * AND the account still enabled with the same session version (a password change, a reset or
 * disabling signs out every session).
 * The role and the register scope are read from the database, so a change applies at the next request. Once per request.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await requestSession();
  if (!session) return null;
  const { claims } = session;
  const [row] = await currentUserStatement(await getDb()).execute({ userId: claims.userId, sessionId: claims.sessionId });
  const user = row?.user;
  if (!user || row.revoked || user.disabled || user.activationPending || user.sessionVersion !== claims.sessionVersion)
    return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    projects: user.registerScope === "all" ? "all" : (row.projects ?? []),
    locale: user.locale,
    timeZone: user.timeZone,
    secondFactor: {
      enrolled: Boolean(row.enrolled),
      required: parseFactorRoles(row.factorRoles).includes(user.role),
      verifiedAt: row.verifiedAt === null ? null : new Date(row.verifiedAt),
      appCodeAt: row.appCodeAt === null ? null : new Date(row.appCodeAt),
    },
    sessionId: claims.sessionId,
  };
});

/**
 * Where a signed-in user must go before any page of the app, or null: the second factor after the
 * password, then the one-time password's replacement, then enrolment when their role must use a second factor.
 */
export function gateRedirect(user: CurrentUser): string | null {
  if (user.secondFactor.enrolled && user.secondFactor.verifiedAt === null) return VERIFY_PATH;
  if (user.mustChangePassword) return "/account/password";
  if (user.secondFactor.required && !user.secondFactor.enrolled) return "/account/security";
  return null;
}

/** The second factor's code entry. */
const VERIFY_PATH = "/account/verify";

/**
 * A session that has not entered its second factor's code yet (the step of every sign-in with one) goes to the code
 * entry, which is told the page asked for (`?next=`) and returns there once the code is right.
 */
export async function passCodeEntry(user: CurrentUser): Promise<void> {
  if (gateRedirect(user) !== VERIFY_PATH) return;
  const back = safeRedirectPath((await headers()).get(RETURN_PATH_HEADER));
  redirect(back === "/" || back.startsWith(VERIFY_PATH) ? VERIFY_PATH : `${VERIFY_PATH}?next=${encodeURIComponent(back)}`);
}

/** Sends an account that owes a step (gateRedirect) there before the page it asked for (passCodeEntry). */
export async function passGate(user: CurrentUser): Promise<void> {
  await passCodeEntry(user);
  const gate = gateRedirect(user);
  if (gate) redirect(gate);
}

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

/**
 * For pages: the signed-in user holding `permission`; others get the not-allowed page, and an account
 * still owing its second factor, a one-time password's replacement or an enrolment goes there first (gateRedirect). Checked here, page by page, not only in the
 * layout: a client navigation can render a page without re-rendering the layout above it.
 */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  await passGate(user);
  if (!can(user.role, permission)) redirect("/forbidden");
  return user;
}

/**
 * Ends this browser's session for good: its id is revoked until the cookie could have expired
 * anyway, so a cookie renewed by a request still in flight cannot sign it back in.
 */
export async function revokeCurrentSession(): Promise<void> {
  const session = await requestSession();
  if (!session) return;
  const { sessionId, userId } = session.claims;
  const db = await getDb();
  const now = new Date();
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
  await db
    .insert(revokedSessions)
    .values({
      sessionId,
      userId,
      expiresAt: new Date(now.getTime() + SESSION_MAX_SECONDS * 1000),
    })
    .onConflictDoNothing();
  await forgetSession(db, sessionId);
}
