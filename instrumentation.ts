// Next calls register() once per server process; NEXT_RUNTIME is set by Next itself.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Traces only when a collector is named (README, Running in production): otherwise nothing is loaded or sent.
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { registerOTel } = await import("@vercel/otel");
    registerOTel({ serviceName: process.env.OTEL_SERVICE_NAME || "highhelp-backoffice" });
  }
  const { startServer } = await import("./lib/server/startup");
  await startServer();
}
