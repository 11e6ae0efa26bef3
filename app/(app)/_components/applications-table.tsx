import type { Application } from "@/drizzle/schema";
import { formatMinor } from "@/lib/money";

export function ApplicationsTable({ rows, emptyText }: { rows: Application[]; emptyText: string }) {
  if (rows.length === 0) {
    return <p className="rounded-lg bg-white p-8 text-center text-sm text-slate-500 ring-1 ring-slate-200">{emptyText}</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Created</th>
            <th className="px-4 py-2">Payment ID</th>
            <th className="px-4 py-2 text-right">Amount</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">Method</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">{row.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
              <td className="px-4 py-2 font-mono">{row.paymentId}</td>
              <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{formatMinor(row.amount, row.currency)}</td>
              <td className="px-4 py-2">{[row.status ?? "not sent", row.subStatus].filter(Boolean).join(" · ")}</td>
              <td className="px-4 py-2">{row.method ?? row.widgetMethod ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
