import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { waitForSandbox } from "@/sandbox/health";

/**
 * The servers Playwright tests run against, on a fresh .data/e2e: the sandbox gateway (fast timing,
 * port 4110) and `next start` on 127.0.0.1:3100 with an embedded database (PGlite, whatever
 * DATABASE_URL says: integration tests cover PostgreSQL), talking to that sandbox and receiving
 * its callbacks. Both children die with this process: Playwright kills the whole process group,
 * and the sandbox also leaves when its IPC channel to us closes.
 */
const port = process.env.E2E_PORT ?? "3100";
const sandboxPort = process.env.E2E_SANDBOX_PORT ?? "4110";
const dataDir = path.resolve(".data/e2e");
// The app's server modules import "server-only", which throws outside Next without the react-server condition.
const TSX = ["--conditions=react-server", "--import", "tsx"];
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

/**
 * Every line both servers print goes to SERVER_LOG (checked for secrets and card numbers by
 * e2e/log-check.spec.ts after the run); the console gets warnings, errors and non-JSON lines only.
 */
export const SERVER_LOG = path.join(dataDir, "server.log");
const logFile = fs.createWriteStream(SERVER_LOG, { flags: "a" });

function tee(stream: NodeJS.ReadableStream | null, console: NodeJS.WritableStream): void {
  let rest = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      logFile.write(`${line}\n`);
      if (!/^\{"level":"(debug|info)"/.test(line)) console.write(`${line}\n`);
    }
  });
}

const children: ChildProcess[] = [];
let stopping = false;

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => {
    for (const child of children) child.kill("SIGKILL");
    process.exit(code);
  }, 3_000).unref();
  Promise.all(
    children.map((child) =>
      child.exitCode !== null || child.signalCode !== null ? null : new Promise((resolve) => child.once("exit", resolve)),
    ),
  ).then(
    () => process.exit(code),
    () => process.exit(code),
  );
}

function watch(name: string, child: ChildProcess): ChildProcess {
  children.push(child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[e2e] ${name} exited (${signal ?? `code ${code}`})`);
    stop(code ?? 1);
  });
  return child;
}

process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

async function main(): Promise<void> {
  const sandbox = watch(
    "sandbox",
    spawn(process.execPath, [...TSX, "sandbox/main.ts"], {
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        SANDBOX_PORT: sandboxPort,
        SANDBOX_STEP_MS: "300",
        SANDBOX_CALLBACK_BACKOFF_MS: "200",
        // Not from a developer's .env: the tests expect a sandbox without faults, on the default signature profile.
        SANDBOX_FAULTS: "",
        SANDBOX_SIGNATURE_PROFILE: "",
      },
    }),
  );
  tee(sandbox.stdout, process.stdout);
  tee(sandbox.stderr, process.stderr);
  if (!(await waitForSandbox(sandboxPort, 30_000, () => sandbox.exitCode !== null))) {
    console.error(`[e2e] the sandbox did not come up on port ${sandboxPort}`);
    stop(1);
    return;
  }

  // Deterministic demo rows for the list specs (SEED-PI-… / SEED-PO-…), before the app opens the database.
  execFileSync(process.execPath, [...TSX, "scripts/ops/db-seed.ts", "--count", "300", "--seed", "42"], {
    stdio: "inherit",
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", MIGRATE_ON_START: "true" },
  });

  const next = watch(
    "next",
    spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "--port", port, "--hostname", "127.0.0.1"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        MIGRATE_ON_START: "true",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        // Production refuses the sandbox (and its demo accounts) unless allowed, and wants its secrets given.
        ALLOW_SANDBOX_IN_PRODUCTION: "true",
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        PAN_FINGERPRINT_KEY: randomBytes(32).toString("base64url"),
        PAN_FINGERPRINT_KEY_FILE: "",
        PAN_FINGERPRINT_KEY_OLD: "",
        PAN_FINGERPRINT_KEY_OLD_FILE: "",
        SECRETS_KEY: randomBytes(32).toString("base64"),
        SECRETS_KEY_FILE: "",
        SECRETS_KEY_OLD: "",
        SECRETS_KEY_OLD_FILE: "",
        DEMO_USERS: "true",
        // The sessions auth.setup.ts saves serve the whole run: their second-factor code stays fresh for step-up.
        STEP_UP_SECONDS: "86400",
        // Sandbox mode, whatever .env says, with callbacks to this app.
        HIGHHELP_API_URL: "",
        HIGHHELP_SIGNATURE_PROFILE: "",
        SANDBOX_PORT: sandboxPort,
        APP_PUBLIC_URL: `http://127.0.0.1:${port}`,
        // Everything to SERVER_LOG for the log check; tee() keeps info lines off the console.
        LOG_LEVEL: "info",
      },
    }),
  );
  tee(next.stdout, process.stdout);
  tee(next.stderr, process.stderr);
}

main().catch((error: unknown) => {
  console.error(`[e2e] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  stop(1);
});
