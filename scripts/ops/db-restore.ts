import "@/scripts/load-env";
import { env } from "@/lib/server/env";
import { restorePglite } from "@/lib/server/pglite-backup";

/** `npm run db:restore -- <file.tar.gz> [--replace]`: restores a db:dump into DATA_DIR, the app stopped. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) throw new Error("name the dump to restore, e.g. npm run db:restore -- backups/backoffice.tar.gz");
  if (env.database.kind !== "pglite")
    throw new Error("DATABASE_URL is set: restore PostgreSQL with pg_restore (README, Backups)");
  const { movedAside } = await restorePglite(file, env.database.dir, { replace: args.includes("--replace") });
  if (movedAside) console.log(`The database that was in ${env.database.dir} is now in ${movedAside}.`);
  console.log(`Restored ${file} into ${env.database.dir}; npm run db:migrate applies what a newer build adds.`);
}

main().catch((error: unknown) => {
  console.error(`db:restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
