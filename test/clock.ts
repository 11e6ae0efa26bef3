import { businessDayOf, businessDayStart } from "@/lib/dates/business-day";

/**
 * Waits out the end of the organisation's business day when it is less than `marginMs` away, for a test whose
 * steps must all fall on one "today" (daily limits, today's figures) but cannot pass the instant in.
 */
export async function awayFromDayEnd(marginMs = 30_000): Promise<void> {
  const left = businessDayStart(businessDayOf(new Date()), 1).getTime() - Date.now();
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 100));
}
