import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

const LINK =
  "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 bg-white text-slate-800 hover:bg-slate-50";
const DISABLED =
  "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-200 bg-slate-50 text-slate-400 cursor-not-allowed";

/** A pagination link, or the same control greyed out when there is no such page (`href` null). */
export function PageLink({ href, children, rel }: { href: string | null; children: ReactNode; rel?: "prev" | "next" }) {
  if (!href) {
    return (
      <span aria-disabled="true" className={DISABLED}>
        {children}
      </span>
    );
  }
  return (
    <Link href={href} rel={rel} scroll={false} className={LINK}>
      {children}
    </Link>
  );
}

/**
 * Keyset pagination: first / previous / next links (null when there is no such page) and a page
 * size choice (none when `sizes` is empty). Works without JavaScript: every control is a link.
 */
export function DataTablePagination({
  firstHref,
  prevHref,
  nextHref,
  sizes,
  summary,
}: {
  firstHref: string | null;
  prevHref: string | null;
  nextHref: string | null;
  sizes: { size: number; href: string; current: boolean }[];
  summary?: ReactNode;
}) {
  const t = useTranslations("dataTable");
  return (
    <nav aria-label={t("pagination")} className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <div className="text-slate-600">{summary}</div>
      <div className="flex flex-wrap items-center gap-4">
        {sizes.length > 0 ? (
          <div role="group" aria-label={t("rowsPerPage")} className="flex flex-wrap items-center gap-1">
            <span className="mr-1 text-slate-500">{t("rowsPerPage")}</span>
            {sizes.map((s) =>
              s.current ? (
                <span
                  key={s.size}
                  aria-current="true"
                  className="rounded-md bg-indigo-600 px-2 py-1 text-xs font-semibold text-white tabular-nums"
                >
                  {s.size}
                </span>
              ) : (
                <Link
                  key={s.size}
                  href={s.href}
                  scroll={false}
                  className="rounded-md px-2 py-1 text-xs font-medium text-slate-700 tabular-nums hover:bg-slate-100"
                >
                  {s.size}
                </Link>
              ),
            )}
          </div>
        ) : null}
        <div className="flex items-center gap-2">
          <PageLink href={firstHref}>
            <span aria-hidden>«</span>&nbsp;{t("firstPage")}
          </PageLink>
          <PageLink href={prevHref} rel="prev">
            <span aria-hidden>‹</span>&nbsp;{t("previousPage")}
          </PageLink>
          <PageLink href={nextHref} rel="next">
            {t("nextPage")}&nbsp;<span aria-hidden>›</span>
          </PageLink>
        </div>
      </div>
    </nav>
  );
}
