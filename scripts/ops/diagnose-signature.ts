/**
 * npm run highhelp:diagnose-signature -- --help
 * Finds the signature profile of a captured HighHelp alert; see lib/highhelp/diagnose-cli.ts.
 */
import { readFileSync } from "node:fs";

import { runDiagnoseCli } from "@/lib/highhelp";

process.exitCode = runDiagnoseCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, "utf8"),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  nowSeconds: Math.floor(Date.now() / 1000),
});
