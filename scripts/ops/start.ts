import "@/scripts/load-env";
import { spawn } from "node:child_process";
import { listenArgs } from "@/scripts/listen-args";

/**
 * `npm start`: checks the configuration (a wrong variable stops here, naming it), then runs
 * `next start` on PORT and HOSTNAME in the foreground. Signals go to Next, whose exit code is ours,
 * so a process manager sees Next itself.
 */
async function main(): Promise<void> {
  const { env } = await import("@/lib/server/env");
  const child = spawn(
    process.execPath,
    [require.resolve("next/dist/bin/next"), "start", ...listenArgs(env), ...process.argv.slice(2)],
    {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
}

main().catch((error: unknown) => {
  console.error(`[start] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
