import "server-only";
import type { CurrentUser } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { getDb } from "@/lib/server/db";
import { BADGE_CAP, badgeCounts } from "./queries";

export interface NavBadge {
  count: number;
  /** More than `count` wait. */
  more: boolean;
}

/** The navigation's counts, for the queues this user may act on (null: no such link for them), in one statement. */
export async function navBadges(user: CurrentUser): Promise<{ queue: NavBadge | null; approvals: NavBadge | null }> {
  const counts = await badgeCounts(await getDb(), allowedProjects(user), {
    queue: can(user.role, "queue:work"),
    approvals: can(user.role, "payouts:approve"),
  });
  const badge = (n: number | null): NavBadge | null =>
    n === null ? null : { count: Math.min(n, BADGE_CAP), more: n > BADGE_CAP };
  return { queue: badge(counts.queue), approvals: badge(counts.approvals) };
}
