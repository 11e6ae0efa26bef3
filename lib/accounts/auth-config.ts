import "server-only";
import type { NextAuthConfig } from "next-auth";
import type { Role } from "@/drizzle/schema";
import { getAuthSecret } from "@/lib/server/auth-secret";
import { AppError, errorResponse } from "@/lib/server/errors";

export { isPassiveRequest } from "./passive-requests";

/** Signed out after this long without a request. */
/**
 * The page a request asked for (its path and query, card numbers masked), set by the proxy on every request it
 * passes on: the second factor's code entry returns there (lib/accounts/auth.ts passGate).
 */
export const RETURN_PATH_HEADER = "x-return-path";

export const SESSION_IDLE_SECONDS = 30 * 60;
/** Signed out this long after signing in, however active. */
export const SESSION_MAX_SECONDS = 12 * 60 * 60;

/** Paths that need no session: the login page, health, metrics (its own token), Auth.js itself and HighHelp's callbacks. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/login" ||
    pathname === "/api/health" ||
    pathname === "/api/health/live" ||
    pathname === "/api/health/ready" ||
    // Authenticated by METRICS_TOKEN in the handler, not by a session.
    pathname === "/api/metrics" ||
    pathname.startsWith("/api/auth/") ||
    pathname.startsWith("/api/highhelp/callback")
  );
}

/** Whether a session signed in at `loginAt` (Unix seconds) is past its absolute lifetime. */
export function pastAbsoluteLifetime(loginAt: number | undefined, now = Date.now()): boolean {
  return now / 1000 - (loginAt ?? 0) > SESSION_MAX_SECONDS;
}

/** What the proxy answers an API request without a session (pages are sent to the login page instead). */
export function signedOutResponse(): Response {
  return errorResponse(new AppError("unauthenticated:session", "Your session has ended. Sign in again."));
}

/**
 * The part of the Auth.js config that needs no database, used by lib/accounts/auth.ts; the proxy and the pages read
 * its session cookie through lib/accounts/session-token.ts.
 * The proxy only redirects anonymous visitors; every page, action and route handler still checks
 * the session and role itself.
 */
export const authConfig = {
  secret: getAuthSecret(),
  trustHost: true,
  pages: { signIn: "/login" },
  // Idle timeout: the cookie and the token in it live SESSION_IDLE_SECONDS from the last request the user made (the
  // proxy renews them, except for passive requests: lib/accounts/session-token.ts); absolute lifetime:
  // SESSION_MAX_SECONDS from sign-in (pastAbsoluteLifetime). Cookies are httpOnly, SameSite=Lax, and Secure with the
  // __Secure- prefix when the app is served over https.
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.role = user.role;
        token.sv = user.sessionVersion;
        token.loginAt = Math.floor(Date.now() / 1000);
        token.sid = globalThis.crypto.randomUUID();
      }
      if (pastAbsoluteLifetime(token.loginAt)) return null;
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid);
      session.user.role = token.role as Role;
      session.user.sv = token.sv ?? 0;
      session.user.sid = token.sid ?? "";
      return session;
    },
  },
} satisfies NextAuthConfig;
