import "@/scripts/load-env";
import { env } from "@/lib/server/env";
import { dumpPglite } from "@/lib/server/pglite-backup";

/** `npm run db:dump -- <file.tar.gz>`: a backup of the embedded database, the app stopped (README, Backups). */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error("name the file to write, e.g. npm run db:dump -- backups/backoffice.tar.gz");
  if (env.database.kind !== "pglite")
    throw new Error("DATABASE_URL is set: back PostgreSQL up with pg_dump -Fc (README, Backups)");
  const bytes = await dumpPglite(env.database.dir, file);
  console.log(`Dumped ${env.database.dir} to ${file} (${bytes} bytes).`);
}

main().catch((error: unknown) => {
  console.error(`db:dump failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
