import "@/scripts/load-env";
import { parseArgs } from "node:util";
import { env } from "@/lib/server/env";
import { openDatabase } from "@/lib/server/db-open";
import { reencryptSecrets } from "@/lib/registers/reencrypt";
import { masterKeyId } from "@/lib/registers/secret-box";
import { currentMasterKey, previousMasterKey, readMasterKeyFile } from "@/lib/server/secrets-key";

const USAGE = `Re-encrypts every stored secret (cash register keys, second-factor secrets) under the current master key.

  npm run secrets:reencrypt -- --from-file /run/secrets/old-secrets-key
  SECRETS_KEY_OLD=<old key, base64> npm run secrets:reencrypt

The current key is SECRETS_KEY (or SECRETS_KEY_FILE; outside production the one generated in
DATA_DIR); the old one is --from-file, else SECRETS_KEY_OLD / SECRETS_KEY_OLD_FILE. All or nothing,
in one transaction; running it again changes nothing. With the embedded database, stop the app first.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "from-file": { type: "string" }, help: { type: "boolean", default: false } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const from = values["from-file"] !== undefined ? readMasterKeyFile(values["from-file"], "--from-file") : previousMasterKey();
  if (from === null) {
    console.error("Give the old master key: --from-file <file>, or SECRETS_KEY_OLD / SECRETS_KEY_OLD_FILE.\n");
    console.log(USAGE);
    return 2;
  }
  const to = currentMasterKey();
  if (masterKeyId(from) === masterKeyId(to)) {
    console.error(`The old and the current master key are the same (${masterKeyId(to)}): nothing to do.`);
    return 2;
  }
  const handle = await openDatabase(env.database, { migrate: env.migrateOnStart, requireCurrentSchema: true });
  try {
    const result = await reencryptSecrets(handle.db, { from, to });
    console.log(
      `Re-encrypted ${result.resealed} secret(s) from master key ${masterKeyId(from)} to ${masterKeyId(to)}` +
        (result.alreadyCurrent > 0 ? `; ${result.alreadyCurrent} already under it.` : "."),
    );
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`secrets:reencrypt failed, nothing changed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
