import { subStatusLabel } from "@/lib/highhelp/status";

/**
 * One colour scheme for every HighHelp status (lists, application page, dashboard):
 * success green, decline red, dispute amber, error rose, processing blue, not yet sent grey.
 */
const STATUS_STYLES: Record<string, string> = {
  success: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  decline: "bg-red-50 text-red-700 ring-red-600/20",
  dispute: "bg-amber-50 text-amber-800 ring-amber-600/30",
  error: "bg-rose-100 text-rose-800 ring-rose-600/30",
  processing: "bg-sky-50 text-sky-700 ring-sky-600/20",
};
const NOT_SENT = "bg-slate-100 text-slate-600 ring-slate-500/20";

/** Before HighHelp has given a status, our side of the send says where the application stands. */
const SUBMISSION_LABELS: Record<string, string> = {
  awaiting_approval: "awaiting approval",
  ready: "not sent",
  sending: "sending",
  unknown: "result unknown",
  refused: "refused",
  absent: "not received by HighHelp",
};

export function statusLabel(status: string | null, subStatus: string | null, submission?: string | null): string {
  if (status === null) return (submission && SUBMISSION_LABELS[submission]) ?? "not sent";
  return subStatus ? `${status} · ${subStatusLabel(subStatus)}` : status;
}

export function StatusBadge({
  status,
  subStatus,
  submission,
}: {
  status: string | null;
  subStatus: string | null;
  submission?: string | null;
}) {
  const style = (status && STATUS_STYLES[status]) ?? NOT_SENT;
  return (
    <span
      className={`inline-flex items-center whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`}
      data-status={status ?? "none"}
    >
      {statusLabel(status, subStatus, submission)}
    </span>
  );
}
