import { eq } from "drizzle-orm";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { redirect } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { users, type Role } from "@/drizzle/schema";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { authConfig } from "./config";
import { can, type Permission } from "./permissions";
import { attemptSignIn, clientAddress } from "./sign-in";

/** Too many failed attempts lately: the login page says so (and for how long). */
export class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}

const credentialsSchema = z.object({ email: z.string().max(254), password: z.string().max(256) });

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  logger: {
    // A refused sign-in is an expected outcome, not an error with a stack trace.
    error(error) {
      if (error.name === "CredentialsSignin") logger.info("sign-in refused");
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
        const result = await attemptSignIn(await getDb(), parsed.data.email, parsed.data.password, {
          ip: clientAddress(request.headers),
          userAgent: request.headers.get("user-agent"),
        });
        if (!result.ok) throw result.reason === "throttled" ? new ThrottledSignin() : new CredentialsSignin();
        const { user } = result;
        return { id: String(user.id), email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
      },
    }),
  ],
});

export type CurrentUser = { id: number; email: string; name: string; role: Role; mustChangePassword: boolean };

/**
 * The signed-in user, or null: the session cookie must be valid AND the account still enabled with
 * the same session version (a password change, a reset or disabling signs out every session).
 * The role is read from the database, so a role change applies at the next request. Once per request.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  const [user] = await (await getDb()).select().from(users).where(eq(users.id, Number(session.user.id)));
  if (!user || user.disabled || user.sessionVersion !== session.user.sv) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword };
});

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

/** For pages: the signed-in user holding `permission`; others get the not-allowed page. */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) redirect("/forbidden");
  return user;
}
