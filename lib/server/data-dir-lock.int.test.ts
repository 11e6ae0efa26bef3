import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { users } from "@/drizzle/schema";
import { openDatabase } from "./db-open";

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "backoffice-lock-"));

function migrateInAnotherProcess() {
  const env = { ...process.env, DATA_DIR: tmp, DATABASE_URL: "" };
  const args = ["--conditions=react-server", "--import", "tsx", "scripts/ops/db-migrate.ts"];
  return run(process.execPath, args, { env, cwd: process.cwd() }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
}

describe("PGlite data directory lock", () => {
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("makes a second process fail with a clear message while the first keeps working", async () => {
    const first = await openDatabase({ kind: "pglite", dir: path.join(tmp, "pglite") });
    try {
      const second = await migrateInAnotherProcess();
      expect(second.code).toBe(1);
      expect(second.output).toMatch(/in use by another process \(pid \d+\)/);

      await first.db.insert(users).values({ email: "still@works.kz", name: "S", role: "viewer", passwordHash: "x" });
      expect(await first.db.select().from(users)).toHaveLength(1);
    } finally {
      await first.close();
    }
    const after = await migrateInAnotherProcess();
    expect(after.output).toMatch(/PGlite in .*: the schema is current\./);
    expect(after.code).toBe(0);
  });

  it("takes over a lock left by a process that is gone", async () => {
    const dir = path.join(tmp, "stale");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "backoffice.lock"), "999999999\n");
    const handle = await openDatabase({ kind: "pglite", dir });
    await handle.close();
    expect(fs.existsSync(path.join(dir, "backoffice.lock"))).toBe(false);
  });
});
