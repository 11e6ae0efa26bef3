import "server-only";
import type { CurrentUser } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { getDb } from "@/lib/server/db";
import { awaitingApprovalCount, queueCounts } from "./queries";

/** The navigation's counts, for the queues this user may act on (null: no such link for them). */
export async function navBadges(user: CurrentUser): Promise<{ queue: number | null; approvals: number | null }> {
  const db = await getDb();
  const scope = allowedProjects(user);
  const [queue, approvals] = await Promise.all([
    can(user.role, "queue:work") ? queueCounts(db, scope, user.id).then((c) => c.total) : null,
    can(user.role, "payouts:approve") ? awaitingApprovalCount(db, scope) : null,
  ]);
  return { queue, approvals };
}
