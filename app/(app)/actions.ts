"use server";

import { revokeCurrentSession, signOut } from "@/lib/auth";

export async function signOutAction(): Promise<void> {
  await revokeCurrentSession();
  await signOut({ redirectTo: "/login" });
}
