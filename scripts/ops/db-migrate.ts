import "@/scripts/load-env";
import { env } from "@/lib/server/env";
import { openDatabase } from "@/lib/server/db-open";

/**
 * The release step: applies this build's pending migrations, once, before instances of the build start. On
 * PostgreSQL it connects as MIGRATION_DATABASE_URL when set (the migrator role), else DATABASE_URL.
 */
async function main(): Promise<void> {
  const config = env.migrationDatabase;
  const where =
    config.kind === "pglite"
      ? `PGlite in ${config.dir}`
      : `PostgreSQL (${env.MIGRATION_DATABASE_URL ? "MIGRATION_DATABASE_URL" : "DATABASE_URL"})`;
  let applied = 0;
  const handle = await openDatabase(config, {
    onMigration: (migration) => {
      applied++;
      console.log(`applying ${migration.tag}${migration.transaction ? "" : " (outside a transaction)"}`);
    },
  });
  await handle.close();
  console.log(applied === 0 ? `${where}: the schema is current.` : `${where}: ${applied} migration(s) applied.`);
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
