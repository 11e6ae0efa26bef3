import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { registerAlertKeys, registers, type RegisterAlgorithm, type RegisterStatus } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { preparedOnce } from "@/lib/server/sql";
import type { RegisterChoice } from "./choices";

export type { RegisterChoice } from "./choices";

/*
 * Registers as pages see them: never a key, only fingerprints. The sealed columns are not even
 * selected; the one reader of key material is lib/registers/material.ts, for the gateway cache.
 */

/** `active` verifies; `retiring` verifies until `retiresAt` (a rotation's overlap); `retired` no more. */
export type AlertKeyState = "active" | "retiring" | "retired";

export interface AlertKeyView {
  id: number;
  algorithm: RegisterAlgorithm;
  fingerprint: string;
  addedAt: Date;
  retiresAt: Date | null;
  retiredAt: Date | null;
  state: AlertKeyState;
}

export interface RegisterView {
  id: number;
  name: string;
  projectId: string;
  apiUrl: string;
  requestAlgorithm: RegisterAlgorithm;
  requestKeyFingerprint: string;
  signatureProfile: string | null;
  currencies: string[];
  methods: string[];
  status: RegisterStatus;
  /** The path segment of its callback URLs (lib/server/gateway.ts registerCallbackUrls). */
  callbackToken: string;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  /** Newest first. */
  alertKeys: AlertKeyView[];
}

export function alertKeyState(key: { retiresAt: Date | null; retiredAt: Date | null }, now = new Date()): AlertKeyState {
  if (key.retiredAt !== null || (key.retiresAt !== null && key.retiresAt <= now)) return "retired";
  return key.retiresAt === null ? "active" : "retiring";
}

const registerColumns = {
  id: registers.id,
  name: registers.name,
  projectId: registers.projectId,
  apiUrl: registers.apiUrl,
  requestAlgorithm: registers.requestAlgorithm,
  requestKeyFingerprint: registers.requestKeyFingerprint,
  signatureProfile: registers.signatureProfile,
  currencies: registers.currencies,
  methods: registers.methods,
  status: registers.status,
  callbackToken: registers.callbackToken,
  createdBy: registers.createdBy,
  updatedBy: registers.updatedBy,
  createdAt: registers.createdAt,
  updatedAt: registers.updatedAt,
};

const alertKeyColumns = {
  id: registerAlertKeys.id,
  registerId: registerAlertKeys.registerId,
  algorithm: registerAlertKeys.algorithm,
  fingerprint: registerAlertKeys.fingerprint,
  addedAt: registerAlertKeys.addedAt,
  retiresAt: registerAlertKeys.retiresAt,
  retiredAt: registerAlertKeys.retiredAt,
};

async function withAlertKeys(
  db: Pick<Database, "select">,
  rows: Omit<RegisterView, "alertKeys">[],
  now: Date,
): Promise<RegisterView[]> {
  if (rows.length === 0) return [];
  const keys = await db
    .select(alertKeyColumns)
    .from(registerAlertKeys)
    .where(
      inArray(
        registerAlertKeys.registerId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(registerAlertKeys.id));
  return rows.map((row) => ({
    ...row,
    alertKeys: keys
      .filter((k) => k.registerId === row.id)
      .reverse()
      .map(({ registerId: _, ...k }) => ({ ...k, state: alertKeyState(k, now) })),
  }));
}

/**
 * Which registers a caller may see: `projectIds` null or absent means all of them. Staff limited to
 * some registers pass theirs; an empty list sees none.
 */
export interface RegisterFilter {
  projectIds?: readonly string[] | null;
}

function filterWhere(filter: RegisterFilter) {
  if (filter.projectIds === undefined || filter.projectIds === null) return undefined;
  return filter.projectIds.length === 0 ? sql`false` : inArray(registers.projectId, [...filter.projectIds]);
}

/** Every register, oldest first, with its alert keys (fingerprints only). */
export async function listRegisters(
  db: Pick<Database, "select">,
  now = new Date(),
  filter: RegisterFilter = {},
): Promise<RegisterView[]> {
  const rows = await db.select(registerColumns).from(registers).where(filterWhere(filter)).orderBy(asc(registers.id));
  return withAlertKeys(db, rows, now);
}

/** The registers as choices (forms, filters), oldest first. */
export async function listRegisterChoices(db: Database, filter: RegisterFilter = {}): Promise<RegisterChoice[]> {
  const { projectIds } = filter;
  if (projectIds === undefined || projectIds === null) return registerChoicesStatement(db, "all").execute();
  if (projectIds.length === 0) return [];
  return registerChoicesStatement(db, "some").execute({ projectIds: [...projectIds] });
}

/** Read on every list and form page: prepared once, for every register or for those of `projectIds`. */
const registerChoicesStatement = (db: Database, scope: "all" | "some") =>
  preparedOnce(db, `register_choices_${scope}`, (db, name) =>
    db
      .select({
        id: registers.id,
        name: registers.name,
        projectId: registers.projectId,
        status: registers.status,
        currencies: registers.currencies,
        methods: registers.methods,
      })
      .from(registers)
      .where(scope === "all" ? undefined : sql`${registers.projectId} = any(${sql.placeholder("projectIds")})`)
      .orderBy(asc(registers.id))
      .prepare(name),
  );

export async function findRegister(db: Pick<Database, "select">, id: number, now = new Date()): Promise<RegisterView | null> {
  const rows = await db.select(registerColumns).from(registers).where(eq(registers.id, id));
  return (await withAlertKeys(db, rows, now))[0] ?? null;
}

export async function findRegisterByProjectId(
  db: Pick<Database, "select">,
  projectId: string,
  now = new Date(),
): Promise<RegisterView | null> {
  const rows = await db.select(registerColumns).from(registers).where(eq(registers.projectId, projectId));
  return (await withAlertKeys(db, rows, now))[0] ?? null;
}
