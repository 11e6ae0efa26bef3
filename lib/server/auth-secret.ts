import "server-only";
import fs from "node:fs";
import path from "node:path";
import { env } from "./env";
import { randomSecret } from "./ids";

let cached: string | undefined;

/**
 * AUTH_SECRET, or outside production (where lib/server/env requires it) a random secret kept in the
 * data directory, so the README's first command needs no setup and sessions survive restarts.
 */
export function getAuthSecret(): string {
  cached ??= env.AUTH_SECRET ?? dataDirSecret("auth-secret");
  return cached;
}

/**
 * A random secret made once and kept in DATA_DIR/<name> (mode 0600), for development and the
 * sandbox; production configures its secrets instead. Concurrent first starts agree on one.
 */
export function dataDirSecret(name: string): string {
  const file = path.join(env.dataDir, name);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(env.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomSecret(32), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return fs.readFileSync(file, "utf8").trim();
  }
}
