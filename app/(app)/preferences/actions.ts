"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { setPreferences } from "@/lib/accounts/commands";
import { preferencesSchema } from "@/lib/accounts/schemas";
import { choosePreferences } from "@/lib/i18n/preferences";
import { translateText } from "@/lib/i18n/translate";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";

/** The signed-in user's own language and time zone. */
export const savePreferencesAction = defineAction(
  { permission: "account:preferences", schema: preferencesSchema },
  async (form, ctx) => {
    await setPreferences(await getDb(), ctx.user.id, form);
    revalidatePath("/", "layout");
    // Answered in the language just chosen, which the page is about to switch to.
    const { locale } = choosePreferences(form, (await headers()).get("accept-language"));
    return { ok: true, data: undefined, message: translateText(locale, "preferences.saved") };
  },
);
