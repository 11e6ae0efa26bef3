import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { gateRedirect, requireUser } from "@/lib/accounts/auth";
import { VerifyForm } from "./_components/verify-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("secondFactor"))("verify.title") };
}

/** After the password: the code from the authenticator app (or a recovery code) before anything else opens. */
export default async function VerifyPage() {
  const user = await requireUser();
  const pending = user.secondFactor.enrolled && user.secondFactor.verifiedAt === null;
  if (!pending) redirect(gateRedirect(user) ?? "/");
  const t = await getTranslations("secondFactor");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <div className="space-y-1">
          <p className="text-xs font-semibold uppercase tracking-wide text-indigo-600">HighHelp</p>
          <h1 className="text-2xl font-semibold text-slate-900">{t("verify.title")}</h1>
          <p className="text-sm text-slate-600">{t("verify.intro")}</p>
        </div>
        <VerifyForm />
      </div>
    </main>
  );
}
