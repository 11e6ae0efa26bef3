import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The server Playwright tests run against: `next start` on a fresh embedded database in
 * .data/e2e (PGlite, whatever DATABASE_URL says: integration tests cover PostgreSQL).
 */
const port = process.env.E2E_PORT ?? "3100";
const dataDir = path.resolve(".data/e2e");
fs.rmSync(dataDir, { recursive: true, force: true });

const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "--port", port, "--hostname", "127.0.0.1"], {
  stdio: "inherit",
  env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});

const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => process.exit(code ?? 0));
