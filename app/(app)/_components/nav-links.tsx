"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** `badge`: how many items wait in that queue for this user (shown when above zero); `badgeMore`: at least that many. */
export type NavLink = { href: string; label: string; badge?: number; badgeMore?: boolean };

/** The main navigation; the layout passes only the links the user's role may use. */
export function NavLinks({ links, label }: { links: readonly NavLink[]; label: string }) {
  const pathname = usePathname();
  // The longest matching prefix is the current page (so /payins/new is not also "Payins").
  const current = links
    .filter((l) => (l.href === "/" ? pathname === "/" : pathname === l.href || pathname.startsWith(`${l.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav aria-label={label} className="flex flex-col gap-1">
      {links.map((link) => {
        const active = link === current;
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {link.label}
            {link.badge ? " " : null}
            {link.badge ? (
              <span
                className="ml-2 rounded-full bg-rose-700 px-1.5 text-xs font-semibold text-white"
                data-testid={`nav-badge-${link.href.slice(1)}`}
              >
                {link.badge}
                {link.badgeMore ? "+" : null}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
