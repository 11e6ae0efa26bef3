import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/accounts/auth";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/password";
import { ChangePasswordForm } from "./_components/change-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("password"))("title") };
}

export default async function ChangePasswordPage() {
  const user = await requireUser();
  if (user.secondFactor.enrolled && user.secondFactor.verifiedAt === null) redirect("/account/verify");
  const t = await getTranslations("password");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <div className="space-y-1">
          <p className="text-xs font-semibold uppercase tracking-wide text-indigo-600">HighHelp</p>
          <h1 className="text-2xl font-semibold text-slate-900">{t("title")}</h1>
          <p className="text-sm text-slate-600">
            {user.mustChangePassword ? t("mustChange") : t("sessionsEnd")} {t("minLength", { min: PASSWORD_MIN_LENGTH })}
          </p>
        </div>
        <ChangePasswordForm email={user.email} />
        {user.mustChangePassword ? null : (
          <Link href="/" className="block text-center text-sm text-indigo-600 hover:text-indigo-500">
            {t("back")}
          </Link>
        )}
      </div>
    </main>
  );
}
