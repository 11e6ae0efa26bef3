import type { Role } from "@/drizzle/schema";

declare module "next-auth" {
  interface User {
    role: Role;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role; sv: number };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: number;
    role?: Role;
    sv?: number;
    /** Unix seconds of the sign-in: the absolute session lifetime counts from here. */
    loginAt?: number;
  }
}
