"use server";

import { revokeCurrentSession, signOut } from "@/lib/accounts/auth";

export async function signOutAction(): Promise<void> {
  await revokeCurrentSession();
  await signOut({ redirectTo: "/login" });
}
