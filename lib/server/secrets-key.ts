import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createSecretBox, decodeMasterKey, MASTER_KEY_BYTES, type SecretBox } from "@/lib/registers/secret-box";
import { ConfigError, env } from "./env";

/** Where a master key generated outside production is kept. */
export const GENERATED_KEY_FILE = "secrets-key";

/** A master key from a file holding its base64 text; a ConfigError naming the variable otherwise. */
export function readMasterKeyFile(file: string, variable: string): Buffer {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${variable}: cannot read ${file} (${(error as Error).message})`);
  }
  const key = decodeMasterKey(text);
  if (key === null) {
    throw new ConfigError(`Invalid configuration:\n  ${variable}: ${file} must hold base64 of exactly ${MASTER_KEY_BYTES} bytes`);
  }
  return key;
}

/** The key kept in the data directory, made on first use (lib/server/env requires SECRETS_KEY in live production). */
function generatedKey(): Buffer {
  const file = path.join(env.dataDir, GENERATED_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(env.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, `${crypto.randomBytes(MASTER_KEY_BYTES).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readMasterKeyFile(file, `generated master key (${GENERATED_KEY_FILE} in DATA_DIR)`);
}

/** SECRETS_KEY, SECRETS_KEY_FILE, or outside live production a key generated into DATA_DIR. */
export function currentMasterKey(): Buffer {
  if (env.SECRETS_KEY !== undefined) return decodeMasterKey(env.SECRETS_KEY)!;
  if (env.SECRETS_KEY_FILE !== undefined) return readMasterKeyFile(env.SECRETS_KEY_FILE, "SECRETS_KEY_FILE");
  return generatedKey();
}

/** SECRETS_KEY_OLD or SECRETS_KEY_OLD_FILE: the key being rotated away from, if any. */
export function previousMasterKey(): Buffer | null {
  if (env.SECRETS_KEY_OLD !== undefined) return decodeMasterKey(env.SECRETS_KEY_OLD)!;
  if (env.SECRETS_KEY_OLD_FILE !== undefined) return readMasterKeyFile(env.SECRETS_KEY_OLD_FILE, "SECRETS_KEY_OLD_FILE");
  return null;
}

const holder = globalThis as unknown as { __backofficeSecretBox?: SecretBox };

/**
 * The process's box: seals under the current master key, opens values under the current key or
 * the previous one (so instances keep working while `npm run secrets:reencrypt` runs).
 */
export function getSecretBox(): SecretBox {
  if (holder.__backofficeSecretBox) return holder.__backofficeSecretBox;
  const previous = previousMasterKey();
  holder.__backofficeSecretBox = createSecretBox(currentMasterKey(), previous === null ? [] : [previous]);
  return holder.__backofficeSecretBox;
}
