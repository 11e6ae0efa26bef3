import "server-only";
import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { currentUser } from "@/lib/accounts/auth";
import { choosePreferences } from "./preferences";
import { MESSAGES } from "./translate";

/** next-intl's configuration of each request (next.config.mjs names this file). */
export default getRequestConfig(async () => {
  const { locale, timeZone } = choosePreferences(await currentUser(), (await headers()).get("accept-language"));
  return { locale, timeZone, messages: MESSAGES[locale] };
});
