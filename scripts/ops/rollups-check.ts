import "@/scripts/load-env";
import { parseArgs } from "node:util";
import { env } from "@/lib/server/env";
import { openDatabase } from "@/lib/server/db-open";
import { formatMinor } from "@/lib/money/amounts";
import { foldRollups } from "@/lib/rollups/commands";
import { rollupDayOf } from "@/lib/rollups/day";
import { monthDifferences, rollupDifferences, type CellDifference } from "@/lib/rollups/queries";

const USAGE = `Compares the dashboard's rollups with a full recount of the applications.

  npm run db:rollups:check -- --from 2026-11-01 --to 2026-11-30

Days are the applications' creation days (UTC), both ends included; --to defaults to today and
--from to --to. The check first folds what changed since the last fold, then compares the rollups
(plus any change committed meanwhile) with a recount, in one statement, and every month's cells with
the sum of its days. Exit code 1 when a cell differs: repair with npm run db:rollups:rebuild. Stop a
running app first when it uses PGlite.`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function describe(d: CellDifference): string {
  const figures = (f: CellDifference["rollup"]) => (f ? `${f.count} / ${formatMinor(f.amount, d.currency)}` : "none");
  return `${d.day}  ${d.projectId}  ${d.type} ${d.product} ${d.method || "(no method)"} ${d.currency} ${d.status || "(no status)"}:  rollup ${figures(d.rollup)}, recount ${figures(d.recount)}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { from: { type: "string" }, to: { type: "string" }, help: { type: "boolean", default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const to = values.to ?? rollupDayOf(new Date());
  const from = values.from ?? to;
  if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from > to) {
    console.error(USAGE);
    return 2;
  }
  const handle = await openDatabase(env.database, { migrate: env.migrateOnStart, requireCurrentSchema: true });
  try {
    const started = Date.now();
    const folded = await foldRollups(handle.db, { budgetMs: Number.POSITIVE_INFINITY });
    const differences = await rollupDifferences(handle.db, from, to);
    const months = await monthDifferences(handle.db);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const m of months) console.log(`month ${m.month}: ${m.cells} month cells differ from the sum of their days`);
    if (differences.length === 0 && months.length === 0) {
      console.log(`Rollups equal a full recount for ${from} … ${to} (folded ${folded.changed} changes first; ${seconds} s).`);
      return 0;
    }
    if (differences.length === 0) {
      console.log("Repair with: npm run db:rollups:rebuild");
      return 1;
    }
    console.log(`${differences.length} cells differ for ${from} … ${to} (count / volume):`);
    for (const d of differences) console.log(`  ${describe(d)}`);
    console.log("Repair with: npm run db:rollups:rebuild");
    return 1;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:rollups:check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
