import type { ApplicationType, Product, Status } from "@/lib/highhelp";
import { isFinalStatus } from "@/lib/highhelp";
import type { Integration } from "@/lib/highhelp/status";
import { LIFETIME_MAX_SECONDS } from "@/lib/highhelp/fields";

/*
 * When to ask HighHelp's `info` about a non-final application (docs/highhelp-decisions.md#polling-info: poll when
 * alerts do not come). H2H P2P payins without instructions yet: every 15 s, as HighHelp recommends (widget
 * payins never get instructions: the payer sees HighHelp's form). Any other non-final application: after a
 * minute without news, then backing off to a cap (a minute while staff wait on it: ACTIVE_POLL_INTERVAL_SECONDS).
 */
export const INSTRUCTIONS_POLL_SECONDS = 15;
export const LATE_CALLBACK_POLL_SECONDS = 60;
export const MAX_POLL_INTERVAL_SECONDS = 15 * 60;
/**
 * The back-off's cap while someone is waiting on the outcome: a P2P payin within its lifetime (the payer is
 * paying now) or a payout HighHelp is processing. Staff watch these; a quarter-hour gap is too long.
 */
export const ACTIVE_POLL_INTERVAL_SECONDS = 60;

export interface PollSubject {
  type: ApplicationType;
  product: Product;
  integration: Integration;
  status: Status | null;
  hasInstructions: boolean;
  /** When the payin's instructions stop being valid (HighHelp's expiration), when known. */
  expiresAt?: Date | null;
  createdAt?: Date | null;
  /** The lifetime asked for at create, in seconds (null: HighHelp's default, at most LIFETIME_MAX_SECONDS). */
  lifetime?: number | null;
}

function waitingForInstructions(subject: PollSubject): boolean {
  return subject.type === "payin" && subject.product === "p2p" && subject.integration === "h2h" && !subject.hasInstructions;
}

/** Whether staff are waiting on this application now: then polls stay at most ACTIVE_POLL_INTERVAL_SECONDS apart. */
export function isActivelyAwaited(subject: PollSubject, now: Date): boolean {
  if (isFinalStatus(subject.status)) return false;
  if (subject.type === "payout") return subject.status === "processing";
  if (subject.product !== "p2p") return false;
  const ends =
    subject.expiresAt ??
    (subject.createdAt ? new Date(subject.createdAt.getTime() + (subject.lifetime ?? LIFETIME_MAX_SECONDS) * 1000) : null);
  return ends !== null && now.getTime() < ends.getTime();
}

function backedOff(subject: PollSubject, attempts: number, now: Date): Date {
  const cap = isActivelyAwaited(subject, now) ? ACTIVE_POLL_INTERVAL_SECONDS : MAX_POLL_INTERVAL_SECONDS;
  const wait = Math.min(cap, LATE_CALLBACK_POLL_SECONDS * 2 ** Math.min(attempts, 10));
  return new Date(now.getTime() + wait * 1000);
}

/** The schedule after news arrived (an event applied): counts restart. */
export function nextPollAfterEvent(subject: PollSubject, now: Date): { nextPollAt: Date | null; pollAttempts: number } {
  if (isFinalStatus(subject.status)) return { nextPollAt: null, pollAttempts: 0 };
  const wait = waitingForInstructions(subject) ? INSTRUCTIONS_POLL_SECONDS : LATE_CALLBACK_POLL_SECONDS;
  return { nextPollAt: new Date(now.getTime() + wait * 1000), pollAttempts: 0 };
}

/**
 * The schedule after a poll brought nothing new (or failed): back off, up to the cap. `notFound`: `info` did not
 * know the application, so no instructions can come from it either; it backs off like any late application.
 */
export function nextPollAfterAttempt(
  subject: PollSubject,
  attempts: number,
  now: Date,
  { notFound = false }: { notFound?: boolean } = {},
): Date | null {
  if (isFinalStatus(subject.status)) return null;
  if (waitingForInstructions(subject) && !notFound) return new Date(now.getTime() + INSTRUCTIONS_POLL_SECONDS * 1000);
  return backedOff(subject, attempts, now);
}
