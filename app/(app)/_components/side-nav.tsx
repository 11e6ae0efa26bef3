"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * The sidebar: always shown from the `md` breakpoint up; below it a top bar with a menu button opens
 * it over the page. Escape or a navigation closes it, and focus goes back to the button.
 *
 * The bell is rendered once: the wrapper is the top bar below `md` (title, bell, menu button) and the
 * sidebar's column from `md` up (brand, bell, navigation), so it is visible at every width without opening
 * the menu. The brand is the one thing shown in both places, so it is written twice, one copy hidden.
 */
export function SideNav({
  brand,
  title,
  openLabel,
  closeLabel,
  bell,
  children,
}: {
  brand: ReactNode;
  /** The notification bell: in the top bar below `md`, under the brand from `md` up. */
  bell: ReactNode;
  /** The one-line name the narrow top bar shows. */
  title: string;
  openLabel: string;
  closeLabel: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [shownPath, setShownPath] = useState(pathname);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    // The first place to go: the navigation's first link, not the brand above it.
    (panel.current?.querySelector<HTMLElement>("nav a") ?? panel.current?.querySelector<HTMLElement>("a, button"))?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <div className="sticky top-0 z-40 flex h-14 items-center gap-3 border-b border-slate-200 bg-white px-4 md:h-screen md:w-60 md:shrink-0 md:flex-col md:items-stretch md:gap-0 md:border-r md:border-b-0 md:py-6">
      <p className="min-w-0 flex-1 truncate text-base font-semibold md:hidden">{title}</p>
      <div className="mb-6 hidden px-3 md:block">{brand}</div>
      <div className="shrink-0 md:mb-4 md:px-3">{bell}</div>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="app-sidebar"
        onClick={() => setOpen((o) => !o)}
        className="inline-flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 md:hidden"
        data-testid="menu-button"
      >
        <svg aria-hidden viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8">
          {open ? <path d="M4 4l8 8M12 4l-8 8" /> : <path d="M2 4h12M2 8h12M2 12h12" />}
        </svg>
        {open ? closeLabel : openLabel}
      </button>
      <aside
        id="app-sidebar"
        ref={panel}
        className={`${open ? "flex" : "hidden"} fixed inset-x-0 top-14 bottom-0 z-30 flex-col overflow-y-auto border-t border-slate-200 bg-white px-4 py-6 md:static md:flex md:min-h-0 md:flex-1 md:border-t-0 md:p-0`}
      >
        <div className="mb-6 px-3 md:hidden">{brand}</div>
        {children}
      </aside>
    </div>
  );
}
