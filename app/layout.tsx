import type { Metadata } from "next";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { Toaster } from "sonner";
import { clientMessages } from "@/lib/i18n/client-messages";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: t("name"), template: `%s · ${t("name")}` }, description: t("description") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so each carries its response's CSP nonce (proxy.ts); a page
  // prerendered at build time would have scripts without one, which the CSP blocks.
  await connection();
  return (
    <html lang={await getLocale()}>
      <body className="min-h-screen font-sans">
        {/* Only what client components look up goes to the browser: the whole catalogue is the most of every page. */}
        <NextIntlClientProvider messages={clientMessages(await getMessages())}>{children}</NextIntlClientProvider>
        <Toaster position="top-right" richColors closeButton />
      </body>
    </html>
  );
}
