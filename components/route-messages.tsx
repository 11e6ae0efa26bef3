import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { clientMessages, type MessageRoute } from "@/lib/i18n/client-messages";

/**
 * The messages a route folder's client components look up, for the pages its layout wraps (in place of the shared
 * ones the root layout sends: lib/i18n/client-messages.ts).
 */
export async function RouteMessages({ route, children }: { route: MessageRoute; children: React.ReactNode }) {
  return <NextIntlClientProvider messages={clientMessages(await getMessages(), route)}>{children}</NextIntlClientProvider>;
}
