import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "@/lib/i18n/server";
import { AuthCard } from "@/components/auth-card";
import { passCodeEntry, requireUser } from "@/lib/accounts/auth";
import { factorSummary } from "@/lib/accounts/second-factor";
import { DateTime } from "@/components/date-time";
import { getDb } from "@/lib/server/db";
import { EnrolForm } from "./_components/enrol-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("secondFactor"))("security.title") };
}

/** One's own second factor: set it up (QR code, first code, recovery codes), or see that it is on. */
export default async function SecurityPage() {
  const user = await requireUser();
  await passCodeEntry(user);
  if (user.mustChangePassword) redirect("/account/password");
  const t = await getTranslations("secondFactor");
  const summary = await factorSummary(await getDb(), user.id);
  const mustEnrol = user.secondFactor.required && !user.secondFactor.enrolled;
  return (
    <AuthCard title={t("security.title")} intro={t("security.intro")} wide>
      {summary.confirmedAt ? (
        <div className="space-y-2 text-sm text-slate-700" data-testid="second-factor-status">
          <p>{t.rich("security.enrolledSince", { date: () => <DateTime at={summary.confirmedAt!} unit="minute" /> })}</p>
          <p>{t("security.recoveryLeft", { count: summary.recoveryCodesLeft })}</p>
          <p className="text-slate-600">{t("security.lostPhone")}</p>
        </div>
      ) : (
        <div className="space-y-4">
          <p className={mustEnrol ? "text-sm font-medium text-amber-800" : "text-sm text-slate-700"} role="status">
            {mustEnrol ? t("security.required") : t("security.notEnrolled")}
          </p>
          <EnrolForm />
        </div>
      )}
      {mustEnrol ? null : (
        <Link href="/" className="block text-center text-sm text-indigo-600 hover:text-indigo-500">
          {t("security.back")}
        </Link>
      )}
    </AuthCard>
  );
}
