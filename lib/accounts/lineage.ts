import "server-only";
import { sql } from "drizzle-orm";
import type { InterventionKind } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { message } from "@/lib/i18n/message";
import { executeRows } from "@/lib/server/sql";

/*
 * Account lineage: account_interventions holds, for every account, which admin created it, reset its
 * password, re-enabled it or changed its role. The audit log tells the same story, but as text ids and
 * JSON meant for people; this table has foreign keys and two indexes, so the walk below is one query.
 */

/** How `from` reached `to`: the kind of a direct step, or "indirect" (through other accounts). */
type Path = InterventionKind | "indirect";

/** The first pair of eyes: who created the payout, or who asked for the admin rights. */
export type FirstEyes = "payout_creator" | "admin_requester";

/** Whether the account `from` reached the account `to` through interventions, and how. */
async function interventionPath(db: Pick<Database, "execute">, from: number, to: number): Promise<Path | null> {
  const [direct] = await executeRows<{ kind: InterventionKind }>(
    db,
    sql`select kind::text as kind from account_interventions where by_user_id = ${from} and user_id = ${to} order by at limit 1`,
  );
  if (direct) return direct.kind;
  // `union` (not `union all`) drops accounts already reached, so a cycle ends the walk.
  const [row] = await executeRows<{ reached: boolean }>(
    db,
    sql`
    with recursive reached(user_id) as (
      select user_id from account_interventions where by_user_id = ${from}
      union
      select i.user_id from account_interventions i join reached r on i.by_user_id = r.user_id
    )
    select exists (select 1 from reached where user_id = ${to}) as reached`,
  );
  return row?.reached ? "indirect" : null;
}

/**
 * The four-eyes rule on two accounts: the second pair of eyes (who approves a payout, who confirms an admin)
 * must be independent of the first (who created the payout, who asked for the admin). Returns why they are
 * not, or null.
 *
 * Why: an admin who creates an account or resets its password sees its one-time password and can sign in as
 * it; re-enabling or changing the role of an account they can already use gives that account back, or admin
 * rights. Either way both "pairs of eyes" may be one person. The rule holds for ever, not for a window: the
 * creator may know the credentials as long as the account lives, and a window only makes an attacker wait.
 * It follows chains (A made B, B made C: A and C are not independent), since B's credentials are A's, and it
 * holds both ways (a payout made by an account its approver created is refused too). Accounts made from the
 * command line or the demo seed have no creating admin.
 */
export async function independenceProblem(
  db: Pick<Database, "execute">,
  first: { id: number; who: FirstEyes },
  secondId: number,
  toDo: "approve" | "confirm",
): Promise<string | null> {
  if (first.id === secondId) return message("fourEyes.self", { who: first.who, toDo });
  const down = await interventionPath(db, first.id, secondId);
  if (down) return message("fourEyes.theyReachedYou", { who: first.who, path: down, toDo });
  const up = await interventionPath(db, secondId, first.id);
  if (up) return message("fourEyes.youReachedThem", { who: first.who, path: up, toDo });
  return null;
}
