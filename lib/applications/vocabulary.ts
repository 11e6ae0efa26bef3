import type { SubmissionState } from "@/drizzle/schema";
import { STATUSES, SUB_STATUSES } from "@/lib/highhelp/status";

/*
 * The one vocabulary of where an application stands, for every place that names it (list, badge,
 * dashboard, toasts, CSV, audit): HighHelp's status and sub-status once it has answered, else our side's
 * submission state. Returns message keys and codes only (client-safe); the words are the messages
 * `status.*` in lib/i18n/messages.
 */

/** What to say about an application with no HighHelp status whose submission state is not known (rollups, the dashboard). */
export const NO_STATUS_KEY = "status.none";

export interface StateWords {
  /** The message key of the state: `status.code.<status>`, `status.submission.<state>` or NO_STATUS_KEY. */
  key: string;
  /** HighHelp's sub-status, when it has one: `status.sub.<code>` if known, else the raw code. */
  sub: { key: string } | { raw: string } | null;
  /** A stable code for files and filters: HighHelp's status, else our state's code (never empty). */
  code: string;
}

/** drizzle/schema.ts SUBMISSION_STATES, kept here so that client components need not load the schema. */
const SUBMISSION_STATES = [
  "awaiting_approval",
  "ready",
  "sending",
  "sent",
  "unknown",
  "refused",
  "external",
  "absent",
] as const satisfies readonly SubmissionState[];
const SUB_STATUS_KEYS: ReadonlySet<string> = new Set(SUB_STATUSES);

const isSubmission = (value: string): value is SubmissionState => (SUBMISSION_STATES as readonly string[]).includes(value);
const isStatus = (value: string) => (STATUSES as readonly string[]).includes(value);

/** The words for where an application stands, from its status, sub-status and (when known) submission state. */
export function stateWords(status: string | null, subStatus: string | null, submission?: string | null): StateWords {
  if (status) {
    const sub = subStatus
      ? SUB_STATUS_KEYS.has(subStatus)
        ? { key: `status.sub.${subStatus}` }
        : { raw: subStatus.replaceAll("_", " ") }
      : null;
    return { key: isStatus(status) ? `status.code.${status}` : NO_STATUS_KEY, sub, code: status };
  }
  if (submission && isSubmission(submission)) return { key: `status.submission.${submission}`, sub: null, code: submission };
  return { key: NO_STATUS_KEY, sub: null, code: "not_sent" };
}

/** The code a file writes for an application's state (the CSV's status column): never empty. */
export function stateCode(status: string | null, submission?: string | null): string {
  return stateWords(status, null, submission).code;
}

/** The status filter's values for our side, before HighHelp has a status. */
export const OUR_STATUS_FILTERS = ["not_sent", "awaiting_approval"] as const;

/** The label of a status filter value, as a message key. */
export function statusFilterKey(value: string): string {
  if (value === "not_sent") return NO_STATUS_KEY;
  if (value === "awaiting_approval") return "status.submission.awaiting_approval";
  return `status.code.${value}`;
}
