import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { auditLog } from "@/drizzle/schema";
import { env } from "@/lib/server/env";
import { randomSuffix } from "@/lib/server/ids";
import { openDatabase, type DatabaseConfig, type DatabaseHandle } from "./db-open";
import { checkReadiness } from "./health";
import { dumpPglite, restorePglite } from "./pglite-backup";
import { executeRows } from "./sql";

/*
 * README's backups, restored into a fresh database that the app's database layer then opens without migrating:
 * the schema is current, the rows are there, readiness passes. PGlite through npm run db:dump / db:restore's
 * functions; PostgreSQL through pg_dump -Fc and pg_restore, when this machine has them.
 */

const work = fs.mkdtempSync(path.join(os.tmpdir(), "backup-test-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const ONE_REGISTER = async () => [{ name: "KZT", usableAlertKeys: 1 }];

async function writeRows(handle: DatabaseHandle, marker: string): Promise<void> {
  await handle.db.insert(auditLog).values({ action: "backup.test", targetType: "backup", targetId: marker });
}

async function expectRestored(config: DatabaseConfig, marker: string): Promise<void> {
  const handle = await openDatabase(config, { migrate: false, requireCurrentSchema: true });
  try {
    const rows = await executeRows<{ target_id: string }>(
      handle.db,
      sql`select target_id from audit_log where action = 'backup.test'`,
    );
    expect(rows).toEqual([{ target_id: marker }]);
    const readiness = await checkReadiness({ database: async () => handle, registers: ONE_REGISTER });
    expect(readiness).toEqual({ ready: true, checks: expect.any(Array) });
    // Sequences came back too: a new row gets a fresh id.
    await writeRows(handle, `${marker}-after`);
  } finally {
    await handle.close();
  }
}

describe("a PGlite dump restored into a fresh directory", () => {
  it("opens current, with its rows, and ready", async () => {
    const source = path.join(work, "source");
    const original = await openDatabase({ kind: "pglite", dir: source });
    await writeRows(original, "pglite");
    await original.close();

    const file = path.join(work, "dump", "backoffice.tar.gz");
    expect(await dumpPglite(source, file)).toBeGreaterThan(0);

    const target = path.join(work, "target");
    expect(await restorePglite(file, target)).toEqual({ movedAside: null });
    await expectRestored({ kind: "pglite", dir: target }, "pglite");

    // A second restore into the same directory needs --replace, and keeps what was there.
    await expect(restorePglite(file, target)).rejects.toThrow(/already holds a database: pass --replace/);
    const { movedAside } = await restorePglite(file, target, { replace: true });
    expect(movedAside).not.toBeNull();
    expect(fs.existsSync(path.join(movedAside!, "PG_VERSION"))).toBe(true);
    await expectRestored({ kind: "pglite", dir: target }, "pglite");
  });

  it("refuses to dump a directory another process holds", async () => {
    const dir = path.join(work, "held");
    const held = await openDatabase({ kind: "pglite", dir });
    try {
      fs.writeFileSync(path.join(dir, "backoffice.lock"), `${process.ppid}\n`);
      await expect(dumpPglite(dir, path.join(work, "held.tar.gz"))).rejects.toThrow(/in use by another process/);
    } finally {
      fs.writeFileSync(path.join(dir, "backoffice.lock"), `${process.pid}\n`);
      await held.close();
    }
  });
});

function which(binary: string): string | null {
  try {
    return execFileSync("which", [binary], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

const pgDump = which("pg_dump");
const pgRestore = which("pg_restore");

describe.skipIf(!env.DATABASE_URL || !pgDump || !pgRestore)("a PostgreSQL pg_dump -Fc restored with pg_restore", () => {
  const admin = env.DATABASE_URL!;
  const names = [`backoffice_test_${randomSuffix(6)}`, `backoffice_test_${randomSuffix(6)}`];
  const urlOf = (name: string) => {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
  };
  async function adminQuery(statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }
  afterAll(async () => {
    for (const name of names) await adminQuery(`drop database if exists ${name} with (force)`);
  });

  it("opens current, with its rows, and ready", async () => {
    const [sourceName, targetName] = names as [string, string];
    await adminQuery(`create database ${sourceName}`);
    const original = await openDatabase({ kind: "postgres", url: urlOf(sourceName), max: 2 });
    await writeRows(original, "postgres");
    await original.close();

    const file = path.join(work, "backoffice.dump");
    execFileSync(pgDump!, ["-Fc", "--no-owner", "-f", file, urlOf(sourceName)], { stdio: "pipe" });
    await adminQuery(`create database ${targetName}`);
    execFileSync(pgRestore!, ["--no-owner", "--exit-on-error", "-d", urlOf(targetName), file], { stdio: "pipe" });
    await expectRestored({ kind: "postgres", url: urlOf(targetName), max: 2 }, "postgres");
  });
});
