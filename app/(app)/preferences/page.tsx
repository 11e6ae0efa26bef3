import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "@/lib/i18n/server";
import { requirePermission } from "@/lib/accounts/auth";
import { COMMON_TIME_ZONES, LOCALES, negotiateLocale } from "@/lib/i18n/locales";
import { env } from "@/lib/server/env";
import { PreferencesForm } from "./_components/preferences-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("preferences"))("title") };
}

export default async function PreferencesPage() {
  const user = await requirePermission("account:preferences");
  const t = await getTranslations();
  const browser = negotiateLocale((await headers()).get("accept-language")) ?? env.DEFAULT_LOCALE;
  const zones = [...new Set([...COMMON_TIME_ZONES, ...(user.timeZone ? [user.timeZone] : [])])];
  return (
    <div className="max-w-xl space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold text-slate-900">{t("preferences.title")}</h1>
        <p className="text-sm text-slate-600">{t("preferences.intro", { zone: env.DEFAULT_TIME_ZONE })}</p>
      </div>
      <PreferencesForm
        locale={user.locale ?? ""}
        timeZone={user.timeZone ?? ""}
        languageOptions={[
          { value: "", label: t("preferences.languageAuto", { language: t(`languages.${browser}`) }) },
          ...LOCALES.map((locale) => ({ value: locale, label: t(`languages.${locale}`) })),
        ]}
        zoneOptions={[
          { value: "", label: t("preferences.timeZoneAuto", { zone: env.DEFAULT_TIME_ZONE }) },
          ...zones.map((zone) => ({ value: zone, label: zone })),
        ]}
      />
    </div>
  );
}
