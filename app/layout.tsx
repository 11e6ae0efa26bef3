import type { Metadata } from "next";
import { connection } from "next/server";
import { Toaster } from "sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "HighHelp Back-office", template: "%s · HighHelp Back-office" },
  description: "Merchant back-office for the HighHelp payment gateway",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so each carries its response's CSP nonce (proxy.ts); a page
  // prerendered at build time would have scripts without one, which the CSP blocks.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        <Toaster position="top-right" richColors closeButton />
      </body>
    </html>
  );
}
