import "@/scripts/load-env";
import { env } from "@/lib/server/env";
import { openDatabase } from "@/lib/server/db-open";

async function main(): Promise<void> {
  const handle = await openDatabase(env.database);
  await handle.close();
  const where = env.database.kind === "pglite" ? `PGlite in ${env.database.dir}` : "PostgreSQL (DATABASE_URL)";
  console.log(`Migrations applied to ${where}.`);
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
