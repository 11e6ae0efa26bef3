import "@/scripts/load-env";
import { formatSignatureProfile } from "@/lib/highhelp";
import { SandboxConfigError, sandboxOptionsFromEnv } from "./config";
import { startSandbox } from "./server";

// `npm run sandbox`: the local HighHelp stand-in on 127.0.0.1:SANDBOX_PORT. Configuration is the
// SANDBOX_* variables (README, section Sandbox gateway); the sandbox reads no other app setting.
async function main(): Promise<void> {
  const options = sandboxOptionsFromEnv(process.env);
  const sandbox = await startSandbox(options);
  const faults = options.faults !== undefined && Object.keys(options.faults).length > 0 ? JSON.stringify(options.faults) : "none";
  console.log(
    [
      `HighHelp sandbox listening on ${sandbox.url}`,
      ...sandbox.registers.map(
        (r) => `  register:  ${r.name} (${r.projectId}, ${r.request.kind} requests, ${r.alert.kind} alerts)`,
      ),
      `  data:      ${sandbox.dataDir}/sandbox (keys.json, registers/, state.json)`,
      `  step:      ${options.stepMs} ms · callbacks: ${options.callbackRetries} retries, back-off from ${options.callbackBackoffMs} ms, ${options.callbackTimeoutMs} ms per attempt`,
      `  signature: ${formatSignatureProfile(options.signatureProfile!)}`,
      `  faults:    ${faults}`,
      `  overview:  ${sandbox.url}/  ·  Ctrl-C to stop`,
    ].join("\n"),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the sandbox`);
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  // Started by scripts/dev/dev.ts or scripts/dev/e2e-server.ts with an IPC channel: leave with the parent.
  if (process.send !== undefined) process.on("disconnect", () => shutdown("parent exited"));
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    console.error(`[sandbox] cannot start: the port is already in use (set SANDBOX_PORT to another port)`);
  } else if (error instanceof SandboxConfigError) {
    console.error(`[sandbox] ${error.message}`);
  } else {
    console.error(`[sandbox] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
