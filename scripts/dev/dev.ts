import "@/scripts/load-env";
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { probeSandbox, waitForSandbox } from "@/sandbox/health";
import { listenArgs } from "@/scripts/listen-args";

/**
 * `npm run dev`: the sandbox gateway and `next dev` (on PORT, HOSTNAME) together, their output prefixed [sandbox] /
 * [next]. A sandbox already running on SANDBOX_PORT is reused; with HIGHHELP_API_URL set (a real
 * cash register) no sandbox is started. Ctrl-C stops both; when one exits, the other is stopped.
 */

type Named = { name: string; child: ChildProcess };
const children: Named[] = [];
let exiting = false;

function pipeLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WriteStream): void {
  if (stream === null) return;
  readline.createInterface({ input: stream }).on("line", (line) => out.write(`${prefix} ${line}\n`));
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv, ipc = false): ChildProcess {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe", ...(ipc ? (["ipc"] as const) : [])] });
  pipeLines(child.stdout, `[${name}]`, process.stdout);
  pipeLines(child.stderr, `[${name}]`, process.stderr);
  children.push({ name, child });
  child.on("exit", (code, signal) => {
    if (exiting) return;
    console.log(`[dev] ${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
    shutdown(code ?? 1);
  });
  return child;
}

function shutdown(code: number, signal: NodeJS.Signals = "SIGTERM"): void {
  if (exiting) return;
  exiting = true;
  const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  if (running.length === 0) process.exit(code);
  let left = running.length;
  for (const { child } of running) {
    child.once("exit", () => {
      if (--left === 0) process.exit(code);
    });
    child.kill(signal);
  }
  setTimeout(() => {
    for (const { child } of running) child.kill("SIGKILL");
    process.exit(code);
  }, 5_000).unref();
}

async function main(): Promise<void> {
  // Imported here so that a configuration error is reported, not thrown at load.
  const { env } = await import("@/lib/server/env");
  process.on("SIGINT", () => shutdown(130, "SIGINT"));
  process.on("SIGTERM", () => shutdown(143, "SIGTERM"));
  process.on("exit", () => {
    for (const { child } of children) if (child.exitCode === null) child.kill("SIGKILL");
  });

  if (!env.sandboxMode) {
    console.log("[dev] HIGHHELP_API_URL is set: using that gateway, no sandbox");
  } else if (await probeSandbox(env.SANDBOX_PORT)) {
    console.log(`[dev] reusing the sandbox already running on http://127.0.0.1:${env.SANDBOX_PORT}`);
  } else {
    const sandbox = start("sandbox", ["--conditions=react-server", "--import", "tsx", "sandbox/main.ts"], process.env, true);
    const up = await waitForSandbox(env.SANDBOX_PORT, 20_000, () => sandbox.exitCode !== null);
    if (!up) {
      console.error(`[dev] the sandbox did not come up on port ${env.SANDBOX_PORT}`);
      shutdown(1);
      return;
    }
  }
  start("next", [require.resolve("next/dist/bin/next"), "dev", ...listenArgs(env), ...process.argv.slice(2)], {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
  });
}

main().catch((error: unknown) => {
  console.error(`[dev] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  shutdown(1);
});
