"use client";

import { usePathname } from "next/navigation";
import { DataTableTabs } from "@/components/data-table/data-table-tabs";

/** The reports' tabs; the current one follows the address (each report is its own page). */
export function ReportTabs({ label, tabs }: { label: string; tabs: readonly { label: string; href: string }[] }) {
  const pathname = usePathname();
  // The longest matching prefix: /reports/settlement is not also "Turnover".
  const current = tabs
    .filter((tab) => pathname === tab.href || pathname.startsWith(`${tab.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return <DataTableTabs label={label} tabs={tabs.map((tab) => ({ ...tab, current: tab.href === current?.href }))} />;
}
