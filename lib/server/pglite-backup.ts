import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "./data-dir-lock";

/*
 * Backups of the embedded PGlite database: its data directory as a gzipped tar (PGlite's dumpDataDir), taken and
 * restored with the app stopped: both take the directory's lock (data-dir-lock.ts), so they refuse while a server,
 * worker or script holds it. The dump restores into the same PGlite version (package.json pins it).
 */

const LOCK_FILE = "backoffice.lock";

/** Writes the database in `dir` to `file` (a .tar.gz); returns its size in bytes. */
export async function dumpPglite(dir: string, file: string): Promise<number> {
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) throw new Error(`no embedded database in ${dir}`);
  const release = lockDataDir(dir);
  try {
    const client = await PGlite.create(dir);
    try {
      const dump = await client.dumpDataDir("gzip");
      const bytes = Buffer.from(await dump.arrayBuffer());
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, bytes, { mode: 0o600 });
      return bytes.length;
    } finally {
      await client.close();
    }
  } finally {
    release();
  }
}

/**
 * Restores `file` into `dir`. A database already in `dir` is refused unless `replace`, which moves it aside to
 * `<dir>.before-restore-<time>` first (returned) rather than deleting it.
 */
export async function restorePglite(
  file: string,
  dir: string,
  options: { replace?: boolean } = {},
): Promise<{ movedAside: string | null }> {
  const dump = fs.readFileSync(file);
  const release = lockDataDir(dir);
  let movedAside: string | null = null;
  try {
    const existing = fs.readdirSync(dir).filter((name) => name !== LOCK_FILE);
    if (existing.length > 0) {
      if (!options.replace) throw new Error(`${dir} already holds a database: pass --replace to move it aside and restore`);
      movedAside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      fs.mkdirSync(movedAside);
      for (const name of existing) fs.renameSync(path.join(dir, name), path.join(movedAside, name));
    }
    const client = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([dump]) });
    await client.close();
    return { movedAside };
  } finally {
    release();
  }
}
