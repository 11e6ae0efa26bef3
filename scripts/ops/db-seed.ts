import "@/scripts/load-env";
import { parseArgs } from "node:util";
import { seedApplications } from "@/drizzle/seed";
import { rebuildRollups } from "@/lib/rollups/commands";
import { openDatabase } from "@/lib/server/db-open";
import { env } from "@/lib/server/env";

const USAGE = `Adds seeded demo applications (with status histories) to the configured database.

  npm run db:seed -- --count 1000 [--seed 42]

The same seed gives the same rows: payment ids SEED-PI-000001… (payins) and SEED-PO-000001…
(payouts). Seeding the same seed twice adds nothing. PostgreSQL (DATABASE_URL) or the embedded
PGlite in DATA_DIR; stop a running app first when it uses PGlite. The dashboard's rollups are
rebuilt afterwards: seeded rows carry past update times, which the background fold does not revisit.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: "string" },
      seed: { type: "string", default: "1" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (!values.count || !Number.isSafeInteger(count) || count <= 0 || !Number.isSafeInteger(seed) || seed < 0) {
    console.error(USAGE);
    return 2;
  }
  const handle = await openDatabase(env.database, { migrate: env.migrateOnStart, requireCurrentSchema: true });
  try {
    const started = Date.now();
    const postgres = env.database.kind === "postgres";
    let reported = 0;
    const result = await seedApplications(handle.db, {
      count,
      seed,
      concurrency: postgres ? 2 : 1,
      onProgress(done, total) {
        if (done - reported >= 100_000 || done === total) {
          reported = done;
          if (total >= 100_000) console.log(`  ${done} / ${total} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        }
      },
    });
    const where = postgres ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${env.database.dir}`;
    console.log(
      `Seeded ${result.applications} applications and ${result.statusEvents} status events (seed ${seed}) into ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (result.applications < count)
      console.log(`${count - result.applications} rows already existed for this seed and were kept.`);
    const rebuildStarted = Date.now();
    const rollups = await rebuildRollups(handle.db);
    console.log(
      `Rebuilt the dashboard's rollups: ${rollups.cells} cells in ${((Date.now() - rebuildStarted) / 1000).toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
