import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

// Redirects anonymous visitors to /login early; authorization itself happens in every page,
// server action and route handler.
export const { auth: proxy } = NextAuth(authConfig);

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
