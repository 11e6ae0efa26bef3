import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";

/*
 * "A register changed": every cache of built gateways (lib/server/gateway.ts) reloads. In this
 * process at once, through the listeners below; in other instances through PostgreSQL's NOTIFY on
 * REGISTERS_CHANNEL (this process hears its own notification too and reloads once more: changes
 * are rare, and one rule for every instance is simpler than telling them apart).
 */

export const REGISTERS_CHANNEL = "registers_changed";

type Listener = () => void | Promise<void>;

// On globalThis: Next loads route handlers and pages as separate module graphs.
const holder = globalThis as unknown as { __backofficeRegisterListeners?: Set<Listener> };
const listeners = (holder.__backofficeRegisterListeners ??= new Set());

/** Calls `listener` on every invalidation in this process; returns the unsubscribe. */
export function onRegistersInvalidated(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The one entry point after a register changed (every command calls it after its commit): notifies
 * the other instances, then reloads this process's caches and waits for them, so the caller's next
 * request already sees the change.
 */
export async function invalidateRegisters(db: Pick<Database, "execute">): Promise<void> {
  try {
    await db.execute(sql`select pg_notify(${REGISTERS_CHANNEL}, '')`);
  } catch (error) {
    // Other instances still refresh on their timer; the change itself is committed.
    logger.warn("registers: could not notify other instances", { error });
  }
  await Promise.all(
    [...listeners].map(async (listener) => {
      try {
        await listener();
      } catch (error) {
        logger.error("registers: reloading after a change failed", { error });
      }
    }),
  );
}
