import { useTranslations } from "next-intl";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";

export default function Loading() {
  const t = useTranslations("reports");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("navLabel")}</h1>
      <div className="h-24 animate-pulse rounded-lg bg-white ring-1 ring-slate-200" />
      <DataTableSkeleton />
    </div>
  );
}
