import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { randomSecret } from "@/lib/server/ids";

/** What the bench scripts share: throwaway databases, a production server, waiting for it. */

export const pem = (key: crypto.KeyObject, type: "pkcs8" | "spki") => key.export({ type, format: "pem" }).toString();

/** Creates and drops throwaway databases on the PostgreSQL server of `adminUrl`. */
export function throwawayDatabases(adminUrl: string) {
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    url(name: string): string {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    create: (name: string) => run(`create database ${name}`),
    drop: (name: string) => run(`drop database if exists ${name} with (force)`),
  };
}

/**
 * `next start` (the production build) on PostgreSQL with a real-gateway configuration: HighHelp
 * itself is never called; the alert key is the bench's when it sends signed callbacks.
 */
export function startNextServer(options: {
  port: number;
  databaseUrl: string;
  projectId: string;
  alertPublicKeyPem?: string;
  nodeArgs?: string[];
}): ChildProcess {
  const merchant = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const alertKey = options.alertPublicKeyPem ?? pem(crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey, "spki");
  const next = path.join("node_modules", "next", "dist", "bin", "next");
  return spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), next, "start", "--port", String(options.port), "--hostname", "127.0.0.1"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: options.databaseUrl,
        AUTH_SECRET: randomSecret(32),
        PAN_FINGERPRINT_KEY: randomSecret(32),
        APP_PUBLIC_URL: `http://127.0.0.1:${options.port}`,
        HIGHHELP_API_URL: "http://127.0.0.1:9",
        HIGHHELP_PROJECT_ID: options.projectId,
        HIGHHELP_PRIVATE_KEY: pem(merchant.privateKey, "pkcs8"),
        HIGHHELP_ALERT_PUBLIC_KEY: alertKey,
        RECONCILER: "off",
        DEMO_USERS: "false",
        LOG_LEVEL: "error",
      },
    },
  );
}

export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}
