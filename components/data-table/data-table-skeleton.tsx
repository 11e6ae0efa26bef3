import { useTranslations } from "next-intl";

/** Placeholder while a list page loads (same frame as DataTable, so nothing jumps). Kept light: it is sent with every page. */
export function DataTableSkeleton({ rows = 8 }: { rows?: number }) {
  const t = useTranslations("dataTable");
  return (
    <div role="status" className="space-y-3" data-testid="table-loading">
      <div className="overflow-hidden rounded-lg bg-white ring-1 ring-slate-200">
        <div className="h-9 border-b border-slate-200 bg-slate-50" />
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} className="mx-3 my-3.5 h-3 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
      <span className="sr-only">{t("loading")}</span>
    </div>
  );
}
