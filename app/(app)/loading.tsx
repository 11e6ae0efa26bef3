import { useTranslations } from "next-intl";

export default function Loading() {
  const t = useTranslations("dataTable");
  return (
    <div role="status" className="animate-pulse space-y-3">
      <div className="h-7 w-48 rounded bg-slate-200" />
      <div className="h-40 rounded bg-slate-200" />
      <span className="sr-only">{t("loading")}</span>
    </div>
  );
}
