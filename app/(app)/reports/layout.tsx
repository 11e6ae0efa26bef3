import { getTranslations } from "next-intl/server";
import { ReportTabs } from "./_components/report-tabs";

/** The reports share one set of tabs; each page checks its own permission. */
export default async function ReportsLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("reports.tabs");
  return (
    <div className="space-y-4">
      <ReportTabs
        label={t("label")}
        tabs={[
          { href: "/reports", label: t("turnover") },
          { href: "/reports/settlement", label: t("settlement") },
        ]}
      />
      {children}
    </div>
  );
}
