"use server";

import { revalidatePath } from "next/cache";
import { setPreferences } from "@/lib/accounts/commands";
import { preferencesSchema } from "@/lib/accounts/schemas";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";

/** The signed-in user's own language and time zone. */
export const savePreferencesAction = defineAction(
  { permission: "account:preferences", schema: preferencesSchema },
  async (form, ctx) => {
    await setPreferences(await getDb(), ctx.user.id, form);
    revalidatePath("/", "layout");
    return { ok: true, data: undefined, message: "preferences.saved" };
  },
);
