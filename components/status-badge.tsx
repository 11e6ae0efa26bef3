import { useTranslations } from "next-intl";
import { stateWords } from "@/lib/applications/vocabulary";
import type { Translate } from "@/lib/i18n/translate";

/**
 * One colour scheme for every HighHelp status (lists, application page, dashboard):
 * success green, decline red, dispute amber, error rose, processing blue, not yet sent grey.
 * The words come from lib/applications/vocabulary.ts, like everywhere else.
 */
const STATUS_STYLES: Record<string, string> = {
  success: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  decline: "bg-red-50 text-red-700 ring-red-600/20",
  dispute: "bg-amber-50 text-amber-800 ring-amber-600/30",
  error: "bg-rose-100 text-rose-800 ring-rose-600/30",
  processing: "bg-sky-50 text-sky-700 ring-sky-600/20",
};
const NOT_SENT = "bg-slate-100 text-slate-600 ring-slate-500/20";

/** A sub-status for people; a value HighHelp adds later reads as its code with spaces. */
export function subStatusText(t: Translate, subStatus: string): string {
  const sub = stateWords("processing", subStatus).sub;
  return sub && "key" in sub ? t(sub.key) : subStatus.replaceAll("_", " ");
}

/**
 * A status for people (`t` from the root namespace); before HighHelp answers, our side of the send says where it
 * stands (without the submission state: "no HighHelp status").
 */
export function statusText(t: Translate, status: string | null, subStatus: string | null, submission?: string | null): string {
  const words = stateWords(status, subStatus, submission);
  const name = t(words.key);
  if (!words.sub) return name;
  return t("status.withSub", { status: name, sub: "key" in words.sub ? t(words.sub.key) : words.sub.raw });
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
  const t = useTranslations();
  const style = (status && STATUS_STYLES[status]) ?? NOT_SENT;
  return (
    <span
      className={`inline-flex items-center whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`}
      data-status={status ?? "none"}
      data-state={stateWords(status, subStatus, submission).code}
    >
      {statusText(t, status, subStatus, submission)}
    </span>
  );
}
