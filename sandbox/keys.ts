/**
 * The seam between the app and the sandbox, and the only module of the sandbox that lib/ or app/
 * may import. In sandbox mode (no HIGHHELP_API_URL) the app signs requests and verifies alerts with
 * the key pairs the sandbox generates, so both sides must find the same keys.json and the same cash
 * register id; everything else the sandbox does stays behind its HTTP interface. It therefore uses
 * node built-ins only: importing it pulls none of the sandbox's server, engine or state into the app.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** The sandbox's one cash register. */
export const SANDBOX_PROJECT_ID = "5a4db0c5-7e57-4b0c-8a11-000000000001";

export interface SandboxKeys {
  /** The merchant's request key pair: the app signs with the private half, the sandbox verifies. */
  merchantPrivateKeyPem: string;
  merchantPublicKeyPem: string;
  /** The sandbox's alert key pair: it signs callbacks, the app verifies with the public half. */
  alertPrivateKeyPem: string;
  alertPublicKeyPem: string;
}

function generatePair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/**
 * The sandbox's keys in `<dataDir>/sandbox/keys.json`, generated on first use. The app and the
 * sandbox may start at the same moment: the file is created by an atomic link, so both end up
 * with the same pairs.
 */
export function ensureSandboxKeys(dataDir: string): SandboxKeys {
  const dir = path.join(dataDir, "sandbox");
  const file = path.join(dir, "keys.json");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const merchant = generatePair();
    const alert = generatePair();
    const keys: SandboxKeys = {
      merchantPrivateKeyPem: merchant.privateKeyPem,
      merchantPublicKeyPem: merchant.publicKeyPem,
      alertPrivateKeyPem: alert.privateKeyPem,
      alertPublicKeyPem: alert.publicKeyPem,
    };
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(keys, null, 2), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as SandboxKeys;
}
