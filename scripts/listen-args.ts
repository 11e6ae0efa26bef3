import type { Env } from "@/lib/server/env";

/** `next dev` / `next start` arguments for PORT and HOSTNAME (unset: Next's default, every interface). */
export function listenArgs(env: Pick<Env, "PORT" | "HOSTNAME">): string[] {
  return ["--port", String(env.PORT), ...(env.HOSTNAME === undefined ? [] : ["--hostname", env.HOSTNAME])];
}
