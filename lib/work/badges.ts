import "server-only";
import type { CurrentUser } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { getDb, type Database } from "@/lib/server/db";
import { awaitingApprovalCount, queueTotal } from "./queries";

export type NavBadges = { queue: number | null; approvals: number | null };

/**
 * The navigation's counts, for the queues this user may act on (null: no such link for them). Read at every
 * page and at every poll of the bell, so both are counts over a partial index of the open rows only.
 */
export async function navBadges(user: CurrentUser, database?: Database): Promise<NavBadges> {
  const db = database ?? (await getDb());
  const scope = allowedProjects(user);
  const [queue, approvals] = await Promise.all([
    can(user.role, "queue:work") ? queueTotal(db, scope) : null,
    can(user.role, "payouts:approve") ? awaitingApprovalCount(db, scope) : null,
  ]);
  return { queue, approvals };
}
