import "server-only";
import fs from "node:fs";
import path from "node:path";

/**
 * PGlite has no lock of its own: two processes on one data directory both open it and one side's
 * writes vanish silently. This lock file makes the second process fail loudly instead.
 */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

const LOCK_FILE = "backoffice.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock on `dir` for this process (released on exit). Throws DataDirLockedError if held. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
    if (holder === process.pid) return () => {};
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new DataDirLockedError(
        `The embedded database in ${dir} is in use by another process (pid ${holder}). ` +
          `Only one server or script may open it at a time: stop that process first, use another DATA_DIR, ` +
          `or set DATABASE_URL to use PostgreSQL. If no such process runs, delete ${lockPath}.`,
      );
    }
    fs.rmSync(lockPath, { force: true }); // stale: its process is gone
  }
  throw new DataDirLockedError(`Could not take the lock ${lockPath}.`);
}
