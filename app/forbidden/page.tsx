import Link from "next/link";

export default function ForbiddenPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md space-y-3 rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">Not allowed</h1>
        <p className="text-sm text-slate-600">Your role does not give access to that page. Ask an admin if you need it.</p>
        <Link href="/" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          Back to the dashboard
        </Link>
      </div>
    </main>
  );
}
