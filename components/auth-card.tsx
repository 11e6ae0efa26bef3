import type { ReactNode } from "react";

/** The one centred card of the pages outside the app's layout: sign-in, password, second factor. */
export function AuthCard({
  title,
  intro,
  wide = false,
  children,
}: {
  title: string;
  intro?: ReactNode;
  /** Room for a QR code and recovery codes. */
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-8">
      <div
        className={`w-full ${wide ? "max-w-md" : "max-w-sm"} space-y-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8`}
      >
        <div className="space-y-1">
          <p className="text-xs font-semibold uppercase tracking-wide text-indigo-600">HighHelp</p>
          <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
          {intro ? <p className="text-sm text-slate-600">{intro}</p> : null}
        </div>
        {children}
      </div>
    </main>
  );
}
