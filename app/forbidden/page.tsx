import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forbidden"))("title") };
}

export default async function ForbiddenPage() {
  const t = await getTranslations("forbidden");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md space-y-3 rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600">{t("body")}</p>
        <Link href="/" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          {t("back")}
        </Link>
      </div>
    </main>
  );
}
