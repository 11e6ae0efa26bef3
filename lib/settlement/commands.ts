import "server-only";
import { eq, sql } from "drizzle-orm";
import { balanceSnapshots, registers } from "@/drizzle/schema";
import { assertProjectInScope, type ProjectScope } from "@/lib/accounts/register-scope";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import { describeHighHelpError, type HighHelpClient } from "@/lib/highhelp";
import { claimJobLease } from "@/lib/reconcile/job-lease";
import { resolveForProject, type PerProject } from "@/lib/registers/gateway-access";
import type { Database } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { executeRows } from "@/lib/server/sql";

/*
 * Balance snapshots for the settlement view (./queries.ts): each active register's balance/info, one row per
 * currency, all rows of one answer at one `taken_at` (the database's clock when the answer is written, the clock
 * status events are received on). Taken on a schedule by the reconciliation loop, one instance per interval (a job
 * lease), and by an admin on demand.
 */

export const BALANCE_SNAPSHOT_JOB = "balance_snapshots";

type BalanceClient = Pick<HighHelpClient, "balanceInfo">;

export type SnapshotOutcome =
  | { registerId: number; projectId: string; ok: true; takenAt: Date; currencies: string[] }
  | { registerId: number; projectId: string; ok: false; error: string };

/** Asks one register's balance and writes it; a failure is returned (and logged), never thrown. */
export async function snapshotRegister(
  db: Database,
  clients: PerProject<BalanceClient>,
  register: { id: number; projectId: string },
  takenBy: number | null = null,
): Promise<SnapshotOutcome> {
  const base = { registerId: register.id, projectId: register.projectId };
  let error: string;
  try {
    const result = await (await resolveForProject(clients, register.projectId)).balanceInfo();
    if (result.ok) {
      const rows = await db.transaction(async (tx) => {
        const [clock] = await executeRows<{ now: string | Date }>(tx, sql`select now() as now`);
        const takenAt = new Date(clock!.now);
        if (result.data.balance.length === 0) return { takenAt, currencies: [] as string[] };
        const written = await tx
          .insert(balanceSnapshots)
          .values(
            result.data.balance.map((b) => ({
              registerId: register.id,
              currency: b.currency.toUpperCase(),
              amount: BigInt(b.amount),
              lockedAmount: BigInt(b.locked_amount),
              takenAt: sql`now()`,
              takenBy,
            })),
          )
          .returning({ currency: balanceSnapshots.currency });
        return { takenAt, currencies: written.map((w) => w.currency) };
      });
      return { ...base, ok: true, ...rows };
    }
    error = describeHighHelpError(result.error);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  logger.warn("settlement: balance snapshot failed", { registerId: register.id, projectId: register.projectId, error });
  return { ...base, ok: false, error };
}

/** Snapshots of every active register, one after the other (a failing one does not stop the others). */
export async function snapshotActiveRegisters(db: Database, clients: PerProject<BalanceClient>): Promise<SnapshotOutcome[]> {
  const active = await db
    .select({ id: registers.id, projectId: registers.projectId })
    .from(registers)
    .where(eq(registers.status, "active"))
    .orderBy(registers.id);
  const outcomes: SnapshotOutcome[] = [];
  for (const register of active) outcomes.push(await snapshotRegister(db, clients, register));
  return outcomes;
}

/**
 * The scheduled step: takes the snapshots when this instance claims the interval's lease, so however many
 * instances run the loop, one set of snapshots is taken per `intervalSeconds`. Null: another instance has it.
 */
export async function runScheduledSnapshots(
  db: Database,
  clients: PerProject<BalanceClient>,
  intervalSeconds: number,
): Promise<SnapshotOutcome[] | null> {
  if (!(await claimJobLease(db, BALANCE_SNAPSHOT_JOB, intervalSeconds))) return null;
  return snapshotActiveRegisters(db, clients);
}

/**
 * "Take snapshot now": one register's balance, in the name of `actor`; audited whether HighHelp answered or not.
 * A register outside `scope` is answered like a missing one.
 */
export async function takeSnapshotNow(
  db: Database,
  clients: PerProject<BalanceClient>,
  registerId: number,
  actor: AuditActor,
  scope: ProjectScope,
): Promise<SnapshotOutcome> {
  const [register] = await db
    .select({ id: registers.id, projectId: registers.projectId })
    .from(registers)
    .where(eq(registers.id, registerId));
  if (!register) throw new AppError("not_found:register", "settlement.errors.noRegister");
  assertProjectInScope(scope, register.projectId);
  const outcome = await snapshotRegister(db, clients, register, actor.userId);
  await recordAudit(db, actor, {
    action: "settlement.snapshot",
    targetType: "register",
    targetId: register.projectId,
    details: outcome.ok ? { currencies: outcome.currencies } : { error: outcome.error },
  });
  return outcome;
}
