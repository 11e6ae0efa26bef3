import Link from "next/link";

/** Saved views of a list as links (each view is a URL, so it can be shared and bookmarked). */
export function DataTableTabs({ label, tabs }: { label: string; tabs: { label: string; href: string; current: boolean }[] }) {
  return (
    <nav aria-label={label} className="relative flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          scroll={false}
          aria-current={tab.current ? "page" : undefined}
          className={`-mb-px shrink-0 whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
            tab.current
              ? "border-indigo-600 text-indigo-700"
              : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
          }`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
