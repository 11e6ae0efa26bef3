import Link from "next/link";
import { getTranslations } from "@/lib/i18n/server";
import { StepUpProvider } from "@/components/step-up";
import { passGate, requireUser, type CurrentUser } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { env } from "@/lib/server/env";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { NotificationsPoll } from "@/components/notifications/notifications-poll";
import { navBadges, type NavBadges } from "@/lib/work/badges";
import { KeyboardShortcuts } from "./_components/keyboard-shortcuts";
import { NavLinks } from "./_components/nav-links";
import { SideNav } from "./_components/side-nav";
import { signOutAction } from "./actions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  await passGate(user);
  // The navigation waits for its counts on its own: the page below starts rendering (and reading) meanwhile.
  const counting = navBadges(user);
  void counting.catch(() => undefined); // awaited (and reported) by the navigation, unless the page redirects first
  const t = await getTranslations();
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-semibold text-indigo-700 shadow ring-2 ring-indigo-600 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t("layout.skipToContent")}
      </a>
      <KeyboardShortcuts />
      <Navigation user={user} counting={counting} />
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none md:px-8">
        <StepUpProvider enrolled={user.secondFactor.enrolled}>{children}</StepUpProvider>
      </main>
    </div>
  );
}

async function Navigation({ user, counting }: { user: CurrentUser; counting: Promise<NavBadges> }) {
  const t = await getTranslations();
  const badges = await counting;
  const liveBadges = {
    ...(badges.queue !== null ? { queue: badges.queue } : {}),
    ...(badges.approvals !== null ? { approvals: badges.approvals } : {}),
  };
  const links = [
    { href: "/", label: t("nav.dashboard") },
    { href: "/payins", label: t("nav.payins") },
    ...(can(user.role, "payins:create") ? [{ href: "/payins/new", label: t("nav.newPayin") }] : []),
    { href: "/payouts", label: t("nav.payouts") },
    ...(badges.queue !== null
      ? [{ href: "/queue", label: t("queue.navLabel"), badge: badges.queue, live: "queue" as const }]
      : []),
    ...(badges.approvals !== null
      ? [{ href: "/approvals", label: t("approvals.navLabel"), badge: badges.approvals, live: "approvals" as const }]
      : []),
    ...(can(user.role, "payouts:create") ? [{ href: "/payouts/new", label: t("nav.newPayout") }] : []),
    ...(can(user.role, "reports:read") ? [{ href: "/reports", label: t("reports.navLabel") }] : []),
    ...(can(user.role, "callbacks:read") ? [{ href: "/callbacks", label: t("nav.callbacks") }] : []),
    ...(can(user.role, "audit:read") ? [{ href: "/audit", label: t("nav.audit") }] : []),
    ...(can(user.role, "users:manage") ? [{ href: "/users", label: t("nav.users") }] : []),
    ...(can(user.role, "registers:manage") ? [{ href: "/registers", label: t("nav.registers") }] : []),
    ...(can(user.role, "settings:read") ? [{ href: "/settings", label: t("nav.settings") }] : []),
  ];
  const brand = (
    <>
      <p className="text-xs font-semibold uppercase tracking-wide text-indigo-600">HighHelp</p>
      <p className="text-lg font-semibold">{t("nav.backOffice")}</p>
      {env.sandboxMode ? (
        <span className="mt-1 inline-block rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">
          {t("nav.sandbox")}
        </span>
      ) : null}
    </>
  );
  return (
    <NotificationsPoll badges={liveBadges}>
      <SideNav
        brand={brand}
        title={`HighHelp · ${t("nav.backOffice")}`}
        openLabel={t("layout.openMenu")}
        closeLabel={t("layout.closeMenu")}
        bell={<NotificationBell />}
      >
        <NavLinks links={links} label={t("nav.label")} />
        <div className="mt-auto space-y-3 border-t border-slate-200 px-3 pt-4">
          <div data-testid="current-user">
            <p className="truncate text-sm font-medium">{user.name}</p>
            <p className="truncate text-xs text-slate-500">{user.email}</p>
            <p className="text-xs text-slate-500">{t(`roles.${user.role}`)}</p>
          </div>
          <Link href="/preferences" className="block text-sm font-medium text-slate-600 hover:text-slate-900">
            {t("nav.preferences")}
          </Link>
          <Link href="/account/security" className="block text-sm font-medium text-slate-600 hover:text-slate-900">
            {t("nav.security")}
          </Link>
          <Link href="/account/password" className="block text-sm font-medium text-slate-600 hover:text-slate-900">
            {t("nav.changePassword")}
          </Link>
          <form action={signOutAction}>
            <button type="submit" className="text-sm font-medium text-slate-600 hover:text-slate-900">
              {t("nav.signOut")}
            </button>
          </form>
        </div>
      </SideNav>
    </NotificationsPoll>
  );
}
