import type { Role } from "@/drizzle/schema";

declare module "next-auth" {
  interface User {
    role: Role;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role; sv: number; sid: string };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: number;
    role?: Role;
    sv?: number;
    /** This session's id: signing out revokes it (revoked_sessions). */
    sid?: string;
    /** Unix seconds of the sign-in: the absolute session lifetime counts from here. */
    loginAt?: number;
  }
}
