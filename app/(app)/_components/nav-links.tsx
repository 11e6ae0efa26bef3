"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useQueueBadge, type QueueBadges } from "@/components/notifications/notifications-poll";
import { BADGE_CAP } from "@/lib/work/schemas";

/**
 * `badge`: how many items wait in that queue for this user (shown when above zero; above BADGE_CAP it reads
 * "99+"), as the page was rendered;
 * `live`: the queue whose count the bell's poll keeps up to date.
 */
export type NavLink = { href: string; label: string; badge?: number; live?: keyof QueueBadges };

function Badge({ link }: { link: NavLink }) {
  const live = useQueueBadge(link.live);
  const count = live ?? link.badge;
  if (!count) return null;
  return (
    <>
      {" "}
      <span
        className="ml-2 rounded-full bg-rose-700 px-1.5 text-xs font-semibold text-white"
        data-testid={`nav-badge-${link.href.slice(1)}`}
      >
        {count > BADGE_CAP ? `${BADGE_CAP}+` : count}
      </span>
    </>
  );
}

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
            <Badge link={link} />
          </Link>
        );
      })}
    </nav>
  );
}
