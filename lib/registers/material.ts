import "server-only";
import { and, asc, gt, isNull, or } from "drizzle-orm";
import { registerAlertKeys, registers, type RegisterAlgorithm, type RegisterStatus } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { SecretBoxError, type SecretBox } from "./secret-box";

/*
 * The registers with their keys opened: what lib/server/gateway.ts builds gateways from, and
 * nothing else reads. Never passed to a page, never logged.
 */

export interface RegisterMaterial {
  id: number;
  name: string;
  projectId: string;
  apiUrl: string;
  status: RegisterStatus;
  signatureProfile: string | null;
  currencies: string[];
  methods: string[];
  callbackToken: string;
  requestAlgorithm: RegisterAlgorithm;
  requestKey: string;
  /** The keys that verify now or until their overlap ends, newest first. */
  alertKeys: { id: number; algorithm: RegisterAlgorithm; fingerprint: string; key: string; retiresAt: Date | null }[];
}

export class RegisterSecretError extends Error {
  override name = "RegisterSecretError";
}

function open(box: SecretBox, sealed: string, where: string): string {
  try {
    return box.open(sealed);
  } catch (error) {
    if (error instanceof SecretBoxError) throw new RegisterSecretError(`${where}: ${error.message}`);
    throw error;
  }
}

/** Every register and its usable alert keys, opened with `box`; a RegisterSecretError names the first key that does not open. */
export async function loadRegisterMaterial(
  db: Pick<Database, "select">,
  box: SecretBox,
  now = new Date(),
): Promise<RegisterMaterial[]> {
  const rows = await db.select().from(registers).orderBy(asc(registers.id));
  const keys = await db
    .select()
    .from(registerAlertKeys)
    .where(
      and(isNull(registerAlertKeys.retiredAt), or(isNull(registerAlertKeys.retiresAt), gt(registerAlertKeys.retiresAt, now))),
    )
    .orderBy(asc(registerAlertKeys.id));
  return rows.map((row) => {
    const where = `cash register "${row.name}" (${row.projectId})`;
    return {
      id: row.id,
      name: row.name,
      projectId: row.projectId,
      apiUrl: row.apiUrl,
      status: row.status,
      signatureProfile: row.signatureProfile,
      currencies: row.currencies,
      methods: row.methods,
      callbackToken: row.callbackToken,
      requestAlgorithm: row.requestAlgorithm,
      requestKey: open(box, row.requestKeyEncrypted, `${where}, request key`),
      alertKeys: keys
        .filter((k) => k.registerId === row.id)
        .reverse()
        .map((k) => ({
          id: k.id,
          algorithm: k.algorithm,
          fingerprint: k.fingerprint,
          key: open(box, k.keyEncrypted, `${where}, alert key ${k.fingerprint}`),
          retiresAt: k.retiresAt,
        })),
    };
  });
}
