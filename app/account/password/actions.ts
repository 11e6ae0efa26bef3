"use server";

import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { changeOwnPassword } from "@/lib/accounts/commands";
import { passwordChangeSchema } from "@/lib/accounts/schemas";

/** The signed-in user changes their own password; every session of theirs ends. */
export const changePasswordAction = defineAction(
  { permission: "account:password", schema: passwordChangeSchema },
  async (form, ctx) => {
    await changeOwnPassword(await getDb(), ctx.user.id, form.current, form.password, {
      userId: ctx.user.id,
      email: ctx.user.email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { ok: true, data: undefined, message: "accounts.done.passwordChanged" };
  },
);
