import type { ApplicationType, Product, Status } from "@/lib/highhelp";
import { isFinalStatus } from "@/lib/highhelp";

/*
 * When to ask HighHelp's `info` about a non-final application (docs/highhelp-decisions.md#polling-info: poll when
 * alerts do not come). P2P payins without instructions yet: every 15 s, as HighHelp recommends. Any
 * other non-final application: after a minute without news, then backing off to a cap.
 */
export const INSTRUCTIONS_POLL_SECONDS = 15;
export const LATE_CALLBACK_POLL_SECONDS = 60;
export const MAX_POLL_INTERVAL_SECONDS = 15 * 60;

export interface PollSubject {
  type: ApplicationType;
  product: Product;
  status: Status | null;
  hasInstructions: boolean;
}

function waitingForInstructions(subject: PollSubject): boolean {
  return subject.type === "payin" && subject.product === "p2p" && !subject.hasInstructions;
}

/** The schedule after news arrived (an event applied): counts restart. */
export function nextPollAfterEvent(subject: PollSubject, now: Date): { nextPollAt: Date | null; pollAttempts: number } {
  if (isFinalStatus(subject.status)) return { nextPollAt: null, pollAttempts: 0 };
  const wait = waitingForInstructions(subject) ? INSTRUCTIONS_POLL_SECONDS : LATE_CALLBACK_POLL_SECONDS;
  return { nextPollAt: new Date(now.getTime() + wait * 1000), pollAttempts: 0 };
}

/** The schedule after a poll brought nothing new (or failed): back off, up to the cap. */
export function nextPollAfterAttempt(subject: PollSubject, attempts: number, now: Date): Date | null {
  if (isFinalStatus(subject.status)) return null;
  if (waitingForInstructions(subject)) return new Date(now.getTime() + INSTRUCTIONS_POLL_SECONDS * 1000);
  const wait = Math.min(MAX_POLL_INTERVAL_SECONDS, LATE_CALLBACK_POLL_SECONDS * 2 ** Math.min(attempts, 10));
  return new Date(now.getTime() + wait * 1000);
}
