import { SANDBOX_PROJECT_ID } from "./keys";

/** True when a sandbox answers GET /sandbox/health on 127.0.0.1:port (used by scripts/dev/dev.ts and e2e-server.ts). */
export async function probeSandbox(port: number | string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/sandbox/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const body = (await response.json()) as { status?: unknown; project_id?: unknown };
    return body.status === "ok" && body.project_id === SANDBOX_PROJECT_ID;
  } catch {
    return false;
  }
}

/** Polls until the sandbox is up; false when `timeoutMs` passes or `gaveUp()` says to stop (its process exited). */
export async function waitForSandbox(
  port: number | string,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gaveUp()) {
    if (await probeSandbox(port, 500)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
