import "server-only";
import { and, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { applications, registerAlertKeys, registers, type RegisterAlgorithm, type RegisterStatus } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { databaseFailure } from "@/lib/server/db-errors";
import { AppError } from "@/lib/server/errors";
import { randomSecret } from "@/lib/server/ids";
import { logger } from "@/lib/server/logger";
import { getSecretBox } from "@/lib/server/secrets-key";
import { invalidateRegisters } from "./invalidation";
import { checkKey, type KeyUse } from "./key-material";
import { findRegister, type RegisterView } from "./queries";
import {
  addAlertKeySchema,
  createRegisterSchema,
  deleteRegisterSchema,
  retireAlertKeySchema,
  setRegisterStatusSchema,
  type CreateRegisterInput,
} from "./schemas";
import type { SecretBox } from "./secret-box";

/*
 * What admins do to cash registers, and the import of the environment's register on first start.
 * Keys are checked (lib/registers/key-material.ts), sealed (the process's SecretBox) and never
 * returned; every change is audited and followed by invalidateRegisters(), which rebuilds the
 * gateway caches here at once and in other instances through NOTIFY.
 */

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface RegisterCommandOptions {
  /** Default: the process's box (lib/server/secrets-key.ts). */
  box?: SecretBox;
  now?: Date;
}

const SYSTEM: AuditActor = { userId: null, email: "system" };

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
  throw new AppError("bad_request:validation", "errors.validation", fieldErrors);
}

function checked(use: KeyUse, algorithm: RegisterAlgorithm, text: string, field: string) {
  const result = checkKey(use, algorithm, text);
  if (!result.ok) throw new AppError("bad_request:register_key", result.problem, { [field]: [result.problem] });
  return result;
}

async function loadForUpdate(tx: Tx, registerId: number) {
  const [row] = await tx
    .select({ id: registers.id, name: registers.name, projectId: registers.projectId, status: registers.status })
    .from(registers)
    .where(eq(registers.id, registerId))
    .for("update");
  if (!row) throw new AppError("not_found:register", "registers.errors.noRegister");
  return row;
}

function audit(tx: Tx, actor: AuditActor, action: string, register: { projectId: string }, details: Record<string, unknown>) {
  return recordAudit(tx, actor, { action: `register.${action}`, targetType: "register", targetId: register.projectId, details });
}

/** What a register is made of, already parsed: the admin's form, or the environment's register on first start. */
export type RegisterSeed = z.output<typeof createRegisterSchema>;

/** Inserts a register and its first alert key; null when its project_id is taken. */
async function insertRegister(tx: Tx, box: SecretBox, seed: RegisterSeed, userId: number | null) {
  const request = checked("request", seed.requestAlgorithm, seed.requestKey, "requestKey");
  const alert = checked("alert", seed.alertAlgorithm, seed.alertKey, "alertKey");
  const [row] = await tx
    .insert(registers)
    .values({
      name: seed.name,
      projectId: seed.projectId,
      apiUrl: seed.apiUrl,
      requestAlgorithm: seed.requestAlgorithm,
      requestKeyEncrypted: box.seal(request.material),
      requestKeyFingerprint: request.fingerprint,
      signatureProfile: seed.signatureProfile,
      currencies: seed.currencies,
      methods: seed.methods,
      callbackToken: randomSecret(24),
      createdBy: userId,
      updatedBy: userId,
    })
    .onConflictDoNothing({ target: registers.projectId })
    .returning({ id: registers.id });
  if (!row) return null;
  await tx.insert(registerAlertKeys).values({
    registerId: row.id,
    algorithm: seed.alertAlgorithm,
    keyEncrypted: box.seal(alert.material),
    fingerprint: alert.fingerprint,
  });
  return {
    id: row.id,
    details: {
      name: seed.name,
      apiUrl: seed.apiUrl,
      requestAlgorithm: seed.requestAlgorithm,
      requestKeyFingerprint: request.fingerprint,
      alertAlgorithm: seed.alertAlgorithm,
      alertKeyFingerprint: alert.fingerprint,
    },
  };
}

/** Adds a cash register; its keys must parse and match their algorithms. */
export async function createRegister(
  db: Database,
  input: CreateRegisterInput,
  actor: AuditActor,
  options: RegisterCommandOptions = {},
): Promise<RegisterView> {
  const seed = parse(createRegisterSchema, input);
  const box = options.box ?? getSecretBox();
  let id: number;
  try {
    id = await db.transaction(async (tx) => {
      const inserted = await insertRegister(tx, box, seed, actor.userId);
      if (!inserted) throw duplicate();
      await audit(tx, actor, "create", seed, inserted.details);
      return inserted.id;
    });
  } catch (error) {
    // Two admins adding the same project_id at once: the unique index decides.
    if (databaseFailure(error)?.code === "23505") throw duplicate();
    throw error;
  }
  await invalidateRegisters(db);
  return (await findRegister(db, id))!;
}

function duplicate(): AppError {
  const message = "A cash register with this project_id already exists.";
  return new AppError("conflict:register_exists", message, { projectId: [message] });
}

/** Disables a register (no new applications; callbacks and reconciliation of those under way go on) or enables it again. */
export async function setRegisterStatus(
  db: Database,
  input: { registerId: number; status: RegisterStatus },
  actor: AuditActor,
): Promise<RegisterView> {
  const { registerId, status } = parse(setRegisterStatusSchema, input);
  await db.transaction(async (tx) => {
    const register = await loadForUpdate(tx, registerId);
    if (register.status === status) return;
    await tx.update(registers).set({ status, updatedBy: actor.userId }).where(eq(registers.id, registerId));
    await audit(tx, actor, status === "disabled" ? "disable" : "enable", register, { name: register.name });
  });
  await invalidateRegisters(db);
  return (await findRegister(db, registerId))!;
}

/** The keys of a register that verify now (none retired, overlap not over). */
function usableKeys(registerId: number, now: Date) {
  return and(
    eq(registerAlertKeys.registerId, registerId),
    isNull(registerAlertKeys.retiredAt),
    or(isNull(registerAlertKeys.retiresAt), gt(registerAlertKeys.retiresAt, now)),
  );
}

/**
 * A rotation: adds HighHelp's new alert key; the keys verifying today keep verifying for
 * `overlapHours` (HighHelp switches within that window), then stop on their own.
 */
export async function addAlertKey(
  db: Database,
  input: { registerId: number; algorithm: RegisterAlgorithm; key: string; overlapHours?: number },
  actor: AuditActor,
  options: RegisterCommandOptions = {},
): Promise<RegisterView> {
  const { registerId, algorithm, key, overlapHours } = parse(addAlertKeySchema, input);
  const box = options.box ?? getSecretBox();
  const now = options.now ?? new Date();
  const alert = checked("alert", algorithm, key, "key");
  const retiresAt = new Date(now.getTime() + overlapHours * 3_600_000);
  await db.transaction(async (tx) => {
    const register = await loadForUpdate(tx, registerId);
    const current = await tx
      .select({ id: registerAlertKeys.id, fingerprint: registerAlertKeys.fingerprint })
      .from(registerAlertKeys)
      .where(usableKeys(registerId, now));
    if (current.some((k) => k.fingerprint === alert.fingerprint)) {
      const message = "registers.errors.keyExists";
      throw new AppError("conflict:alert_key_exists", message, { key: [message] });
    }
    // An earlier end already set stays: the overlap never lengthens a rotation under way.
    await tx
      .update(registerAlertKeys)
      .set({ retiresAt: sql`least(coalesce(${registerAlertKeys.retiresAt}, ${retiresAt}), ${retiresAt})` })
      .where(usableKeys(registerId, now));
    await tx.insert(registerAlertKeys).values({
      registerId,
      algorithm,
      keyEncrypted: box.seal(alert.material),
      fingerprint: alert.fingerprint,
      addedAt: now,
    });
    await tx.update(registers).set({ updatedBy: actor.userId }).where(eq(registers.id, registerId));
    await audit(tx, actor, "alert_key.add", register, {
      algorithm,
      fingerprint: alert.fingerprint,
      overlapHours,
      retiring: current.map((k) => k.fingerprint),
      retiresAt: retiresAt.toISOString(),
    });
  });
  await invalidateRegisters(db);
  return (await findRegister(db, registerId, now))!;
}

/** Stops an alert key at once (the end of a rotation, or a leaked key); the last usable key cannot go. */
export async function retireAlertKey(
  db: Database,
  input: { registerId: number; alertKeyId: number },
  actor: AuditActor,
  options: RegisterCommandOptions = {},
): Promise<RegisterView> {
  const { registerId, alertKeyId } = parse(retireAlertKeySchema, input);
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    const register = await loadForUpdate(tx, registerId);
    const [key] = await tx
      .select({ id: registerAlertKeys.id, fingerprint: registerAlertKeys.fingerprint })
      .from(registerAlertKeys)
      .where(and(eq(registerAlertKeys.id, alertKeyId), usableKeys(registerId, now)));
    if (!key) throw new AppError("not_found:alert_key", "registers.errors.noAlertKey");
    const [other] = await tx
      .select({ id: registerAlertKeys.id })
      .from(registerAlertKeys)
      .where(and(usableKeys(registerId, now), ne(registerAlertKeys.id, alertKeyId)))
      .limit(1);
    if (!other) {
      throw new AppError("conflict:last_alert_key", "registers.errors.lastAlertKey");
    }
    await tx.update(registerAlertKeys).set({ retiredAt: now }).where(eq(registerAlertKeys.id, alertKeyId));
    await tx.update(registers).set({ updatedBy: actor.userId }).where(eq(registers.id, registerId));
    await audit(tx, actor, "alert_key.retire", register, { fingerprint: key.fingerprint });
  });
  await invalidateRegisters(db);
  return (await findRegister(db, registerId, now))!;
}

/** Deletes a register that never had an application (otherwise: disable it). */
export async function deleteRegister(db: Database, input: { registerId: number }, actor: AuditActor): Promise<void> {
  const { registerId } = parse(deleteRegisterSchema, input);
  await db.transaction(async (tx) => {
    const register = await loadForUpdate(tx, registerId);
    const [used] = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(eq(applications.projectId, register.projectId))
      .limit(1);
    if (used) {
      throw new AppError("conflict:register_in_use", "registers.errors.inUse");
    }
    await tx.delete(registers).where(eq(registers.id, registerId));
    await audit(tx, actor, "delete", register, { name: register.name });
  });
  await invalidateRegisters(db);
}

// Arbitrary constant: one instance at a time imports the first registers.
const BOOTSTRAP_LOCK_KEY = 72_707_370;

/**
 * First start: when no register exists, imports `seeds()` (the environment's register, or the
 * sandbox's demo registers) in one transaction. Several instances may start at once: an advisory
 * lock serialises them and the later ones find the table filled. Returns the imported project_ids.
 */
export async function bootstrapRegisters(
  db: Database,
  seeds: () => RegisterSeed[],
  options: RegisterCommandOptions = {},
): Promise<string[]> {
  const box = options.box ?? getSecretBox();
  const imported = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const [existing] = await tx.select({ id: registers.id }).from(registers).limit(1);
    if (existing) return [];
    const done: string[] = [];
    for (const seed of seeds()) {
      const inserted = await insertRegister(tx, box, seed, null);
      if (!inserted) continue;
      await audit(tx, SYSTEM, "import", seed, inserted.details);
      done.push(seed.projectId);
    }
    return done;
  });
  if (imported.length > 0) await invalidateRegisters(db);
  return imported;
}

/**
 * Sandbox mode: the sandbox's key files are the truth for its registers. A register whose request
 * key or alert key differs from them (a new DATA_DIR next to a kept database), or whose keys are
 * sealed under another master key, takes the sandbox's keys again. Registers added by hand are
 * left alone. Returns the project_ids that changed.
 */
export async function syncSandboxRegisterKeys(
  db: Database,
  seeds: RegisterSeed[],
  options: RegisterCommandOptions = {},
): Promise<string[]> {
  const box = options.box ?? getSecretBox();
  const now = options.now ?? new Date();
  const changed = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const done: string[] = [];
    for (const seed of seeds) {
      const [row] = await tx
        .select({ id: registers.id, fingerprint: registers.requestKeyFingerprint, sealed: registers.requestKeyEncrypted })
        .from(registers)
        .where(eq(registers.projectId, seed.projectId))
        .for("update");
      if (!row) continue;
      const request = checked("request", seed.requestAlgorithm, seed.requestKey, "requestKey");
      const alert = checked("alert", seed.alertAlgorithm, seed.alertKey, "alertKey");
      let touched = false;
      if (row.fingerprint !== request.fingerprint || box.keyIdOf(row.sealed) !== box.keyId) {
        await tx
          .update(registers)
          .set({
            requestAlgorithm: seed.requestAlgorithm,
            requestKeyEncrypted: box.seal(request.material),
            requestKeyFingerprint: request.fingerprint,
          })
          .where(eq(registers.id, row.id));
        touched = true;
      }
      const keys = await tx
        .select({ id: registerAlertKeys.id, fingerprint: registerAlertKeys.fingerprint, sealed: registerAlertKeys.keyEncrypted })
        .from(registerAlertKeys)
        .where(usableKeys(row.id, now));
      const same = keys.find((k) => k.fingerprint === alert.fingerprint);
      if (!same) {
        await tx.update(registerAlertKeys).set({ retiredAt: now }).where(usableKeys(row.id, now));
        await tx.insert(registerAlertKeys).values({
          registerId: row.id,
          algorithm: seed.alertAlgorithm,
          keyEncrypted: box.seal(alert.material),
          fingerprint: alert.fingerprint,
          addedAt: now,
        });
        touched = true;
      } else if (box.keyIdOf(same.sealed) !== box.keyId) {
        await tx
          .update(registerAlertKeys)
          .set({ keyEncrypted: box.seal(alert.material) })
          .where(eq(registerAlertKeys.id, same.id));
        touched = true;
      }
      if (touched) {
        await audit(tx, SYSTEM, "sandbox_keys_synced", seed, {
          requestKeyFingerprint: request.fingerprint,
          alertKeyFingerprint: alert.fingerprint,
        });
        done.push(seed.projectId);
      }
    }
    return done;
  });
  if (changed.length > 0) {
    logger.info("registers: took the sandbox's keys again", { projectIds: changed });
    await invalidateRegisters(db);
  }
  return changed;
}
