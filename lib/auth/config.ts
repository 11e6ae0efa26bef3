import type { NextAuthConfig } from "next-auth";
import type { Role } from "@/drizzle/schema";
import { getAuthSecret } from "./secret";

/** Paths that need no session: the login page, health, Auth.js itself and HighHelp's callbacks. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/login" ||
    pathname === "/api/health" ||
    pathname.startsWith("/api/auth/") ||
    pathname.startsWith("/api/highhelp/callback")
  );
}

/**
 * The part of the Auth.js config that needs no database, shared by proxy.ts and lib/auth.
 * The proxy only redirects anonymous visitors; every page, action and route handler still checks
 * the session and role itself.
 */
export const authConfig = {
  secret: getAuthSecret(),
  trustHost: true,
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const { pathname } = request.nextUrl;
      if (isPublicPath(pathname) || auth?.user) return true;
      if (pathname.startsWith("/api/")) return Response.json({ error: "unauthenticated" }, { status: 401 });
      return false;
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid);
      session.user.role = token.role as Role;
      return session;
    },
  },
} satisfies NextAuthConfig;
