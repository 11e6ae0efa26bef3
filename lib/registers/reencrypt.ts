import "server-only";
import { eq } from "drizzle-orm";
import { registerAlertKeys, registers, userFactors } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { invalidateRegisters } from "./invalidation";
import { createSecretBox, masterKeyId } from "./secret-box";

export interface ReencryptResult {
  /** Values sealed anew under the current key. */
  resealed: number;
  /** Values already under the current key (a second run changes nothing). */
  alreadyCurrent: number;
}

/**
 * A master key rotation: every stored secret sealed under `from` is sealed again under `to`, in
 * one transaction (all or nothing). A value under neither key, or one that fails authentication,
 * stops it with a SecretBoxError and nothing changes.
 */
export async function reencryptSecrets(db: Database, keys: { from: Buffer; to: Buffer }): Promise<ReencryptResult> {
  const opener = createSecretBox(keys.to, [keys.from]);
  const sealer = createSecretBox(keys.to);
  const current = masterKeyId(keys.to);
  const result: ReencryptResult = { resealed: 0, alreadyCurrent: 0 };
  const reseal = (sealed: string): string | null => {
    if (opener.keyIdOf(sealed) === current) {
      opener.open(sealed); // proves it opens; an altered value stops the rotation too
      result.alreadyCurrent++;
      return null;
    }
    result.resealed++;
    return sealer.seal(opener.open(sealed));
  };
  await db.transaction(async (tx) => {
    const registerRows = await tx
      .select({ id: registers.id, sealed: registers.requestKeyEncrypted })
      .from(registers)
      .orderBy(registers.id)
      .for("update");
    for (const row of registerRows) {
      const next = reseal(row.sealed);
      if (next !== null) await tx.update(registers).set({ requestKeyEncrypted: next }).where(eq(registers.id, row.id));
    }
    const keyRows = await tx
      .select({ id: registerAlertKeys.id, sealed: registerAlertKeys.keyEncrypted })
      .from(registerAlertKeys)
      .orderBy(registerAlertKeys.id)
      .for("update");
    for (const row of keyRows) {
      const next = reseal(row.sealed);
      if (next !== null) await tx.update(registerAlertKeys).set({ keyEncrypted: next }).where(eq(registerAlertKeys.id, row.id));
    }
    // Second-factor secrets are sealed by the same box (lib/accounts/second-factor.ts).
    const factorRows = await tx
      .select({ id: userFactors.id, sealed: userFactors.secretEncrypted })
      .from(userFactors)
      .orderBy(userFactors.id)
      .for("update");
    for (const row of factorRows) {
      const next = reseal(row.sealed);
      if (next !== null) await tx.update(userFactors).set({ secretEncrypted: next }).where(eq(userFactors.id, row.id));
    }
  });
  if (result.resealed > 0) await invalidateRegisters(db);
  return result;
}
