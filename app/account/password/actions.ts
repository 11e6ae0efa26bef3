"use server";

import { z } from "zod";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { changeOwnPassword } from "@/lib/accounts/user-admin";

const schema = z.object({
  current: z.string().min(1, "Enter your current password.").max(256),
  password: z.string().max(256, "Use at most 256 characters."),
  confirm: z.string(),
}).refine((form) => form.password === form.confirm, { path: ["confirm"], message: "The two new passwords differ." });

/** The signed-in user changes their own password; every session of theirs ends. */
export const changePasswordAction = defineAction({ permission: "account:password", schema }, async (form, ctx) => {
  await changeOwnPassword(await getDb(), ctx.user.id, form.current, form.password, { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent });
  return { ok: true, data: undefined, message: "Password changed. Sign in again with the new one." };
});
