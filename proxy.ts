import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);

// Redirects anonymous visitors to /login early; authorization itself happens in every page,
// server action and route handler.
export default auth;

export const config = {
  // HighHelp callbacks carry no session: keep the proxy off their hot path.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/highhelp/callback).*)"],
};
