import { useTranslations } from "next-intl";
import { buttonClass } from "@/components/ui/button";

const ITEM = "block rounded px-3 py-2 text-sm text-slate-800 hover:bg-slate-50 focus-visible:bg-slate-50";

/**
 * The list's CSV export in either spreadsheet dialect: semicolons with decimal commas (Excel in Russian
 * and most continental locales) or commas with decimal points. A plain <details>, so it works without
 * JavaScript and the keyboard opens it like a button.
 */
export function ExportMenu({ href }: { href: string }) {
  const t = useTranslations("csv");
  const withDialect = (dialect: string) => `${href}${href.includes("?") ? "&" : "?"}dialect=${dialect}`;
  return (
    <details className="relative" data-testid="export-csv">
      <summary className={`${buttonClass("secondary")} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
        {t("menu")} <span aria-hidden>▾</span>
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-80 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
        <a href={withDialect("semicolon")} download className={ITEM} data-dialect="semicolon">
          {t("semicolon")}
        </a>
        <a href={withDialect("comma")} download className={ITEM} data-dialect="comma">
          {t("comma")}
        </a>
      </div>
    </details>
  );
}
