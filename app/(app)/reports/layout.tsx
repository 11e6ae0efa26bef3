import { getTranslations } from "@/lib/i18n/server";
import { requireUser } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { ReportTabs } from "./_components/report-tabs";

/** The reports share one set of tabs, each shown to those who may open it; each page checks its own permission. */
export default async function ReportsLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const t = await getTranslations("reports.tabs");
  return (
    <div className="space-y-4">
      <ReportTabs
        label={t("label")}
        tabs={[
          { href: "/reports", label: t("turnover") },
          ...(can(user.role, "settlement:read") ? [{ href: "/reports/settlement", label: t("settlement") }] : []),
        ]}
      />
      {children}
    </div>
  );
}
