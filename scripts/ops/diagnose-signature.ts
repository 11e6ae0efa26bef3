/**
 * npm run highhelp:diagnose-signature -- --help
 * Finds the signature profile of a captured HighHelp alert; see lib/highhelp/diagnose-cli.ts.
 */
import "@/scripts/load-env";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import { runDiagnoseCli, type QuarantinedAlert } from "@/lib/highhelp";

/** `--quarantine <id>`: the row is read from the app's database before the (synchronous) diagnosis runs. */
async function loadQuarantined(argv: string[]): Promise<Map<number, QuarantinedAlert>> {
  const found = new Map<number, QuarantinedAlert>();
  const { values } = parseArgs({ args: argv, options: { quarantine: { type: "string" } }, strict: false });
  const id = typeof values.quarantine === "string" && /^\d{1,15}$/.test(values.quarantine) ? Number(values.quarantine) : null;
  if (id === null) return found;
  const { eq } = await import("drizzle-orm");
  const { callbackQuarantine } = await import("@/drizzle/schema");
  const { getDatabase, closeDatabase } = await import("@/lib/server/db");
  try {
    const database = await getDatabase();
    const [row] = await database.db.select().from(callbackQuarantine).where(eq(callbackQuarantine.id, id));
    if (row) found.set(id, { ...row, headers: row.headers as Record<string, unknown> | null });
  } finally {
    await closeDatabase();
  }
  return found;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quarantined = await loadQuarantined(argv);
  process.exitCode = runDiagnoseCli(argv, {
    readFile: (path) => readFileSync(path, "utf8"),
    quarantined: (id) => quarantined.get(id),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    nowSeconds: Math.floor(Date.now() / 1000),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
