import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { env } from "@/lib/server/env";
import { NavLinks } from "./_components/nav-links";
import { signOutAction } from "./actions";

const ROLE_LABELS = { viewer: "Finance staff", operator: "Operator", admin: "Admin" } as const;

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  if (user.mustChangePassword) redirect("/account/password");
  const links = [
    { href: "/", label: "Dashboard" },
    { href: "/payins", label: "Payins" },
    ...(can(user.role, "payins:create") ? [{ href: "/payins/new", label: "New payin" }] : []),
    { href: "/payouts", label: "Payouts" },
    ...(can(user.role, "payouts:create") ? [{ href: "/payouts/new", label: "New payout" }] : []),
    ...(can(user.role, "audit:read") ? [{ href: "/audit", label: "Audit log" }] : []),
    ...(can(user.role, "users:manage") ? [{ href: "/users", label: "Users" }] : []),
    ...(can(user.role, "registers:manage") ? [{ href: "/registers", label: "Cash registers" }] : []),
    ...(can(user.role, "settings:read") ? [{ href: "/settings", label: "Settings" }] : []),
  ];
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white px-4 py-6">
        <div className="mb-6 px-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-indigo-600">HighHelp</p>
          <p className="text-lg font-semibold">Back-office</p>
          {env.sandboxMode ? (
            <span className="mt-1 inline-block rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">
              Sandbox gateway
            </span>
          ) : null}
        </div>
        <NavLinks links={links} />
        <div className="mt-auto space-y-3 border-t border-slate-200 px-3 pt-4">
          <div data-testid="current-user">
            <p className="truncate text-sm font-medium">{user.name}</p>
            <p className="truncate text-xs text-slate-500">{user.email}</p>
            <p className="text-xs text-slate-500">{ROLE_LABELS[user.role]}</p>
          </div>
          <Link href="/account/password" className="block text-sm font-medium text-slate-600 hover:text-slate-900">
            Change password
          </Link>
          <form action={signOutAction}>
            <button type="submit" className="text-sm font-medium text-slate-600 hover:text-slate-900">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
