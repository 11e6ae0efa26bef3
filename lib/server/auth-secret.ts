import "server-only";
import fs from "node:fs";
import path from "node:path";
import { env } from "./env";
import { randomSecret } from "./ids";

let cached: string | undefined;

/**
 * AUTH_SECRET, or outside live production (where lib/server/env requires it) a random secret kept in the
 * data directory, so the README's first command needs no setup and sessions survive restarts.
 */
export function getAuthSecret(): string {
  if (cached) return cached;
  if (env.AUTH_SECRET) return (cached = env.AUTH_SECRET);
  const file = path.join(env.dataDir, "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(env.dataDir, { recursive: true });
    const secret = randomSecret(32);
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    cached = fs.readFileSync(file, "utf8").trim();
  }
  return cached;
}
