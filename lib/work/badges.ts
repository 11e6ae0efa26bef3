import "server-only";
import type { CurrentUser } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { getDb, type Database } from "@/lib/server/db";
import { badgeCounts } from "./queries";

/** Each up to BADGE_CAP + 1 (more reads "99+"); null: no such link for this user. */
export type NavBadges = { queue: number | null; approvals: number | null };

/**
 * The navigation's counts, for the queues this user may act on, in one statement. Read at every page and at every
 * poll of the bell, so both are capped counts over partial indexes of the open rows only.
 */
export async function navBadges(user: CurrentUser, database?: Database): Promise<NavBadges> {
  return badgeCounts(database ?? (await getDb()), allowedProjects(user), {
    queue: can(user.role, "queue:work"),
    approvals: can(user.role, "payouts:approve"),
  });
}
