// Next calls register() once per server process; NEXT_RUNTIME is set by Next itself.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { startServer } = await import("./lib/server-startup");
    await startServer();
  } catch (error) {
    // A wrong environment variable lands here (lib/env throws a ConfigError naming it).
    console.error(`[backoffice] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
