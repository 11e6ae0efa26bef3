/**
 * The seam between the app and the sandbox, and the only module of the sandbox that lib/ or app/
 * may import. In sandbox mode (no HIGHHELP_API_URL) the app signs requests and verifies alerts with
 * the keys the sandbox generates, so both sides must find the same key files and the same cash
 * register ids; everything else the sandbox does stays behind its HTTP interface. It therefore uses
 * node built-ins only: importing it pulls none of the sandbox's server, engine or state into the app.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** The sandbox's first cash register (its keys are `keys.json`). */
export const SANDBOX_PROJECT_ID = "5a4db0c5-7e57-4b0c-8a11-000000000001";

/** The cash registers every sandbox has; a test may add more (writeSandboxRegister). */
export const SANDBOX_REGISTERS: readonly { projectId: string; name: string; currencies: readonly string[] }[] = [
  { projectId: SANDBOX_PROJECT_ID, name: "Kazakhstan KZT", currencies: ["KZT", "RUB"] },
  { projectId: "5a4db0c5-7e57-4b0c-8a11-000000000002", name: "Kyrgyzstan KGS", currencies: ["KGS"] },
];

export interface SandboxKeys {
  /** The merchant's request key pair: the app signs with the private half, the sandbox verifies. */
  merchantPrivateKeyPem: string;
  merchantPublicKeyPem: string;
  /** The sandbox's alert key pair: it signs callbacks, the app verifies with the public half. */
  alertPrivateKeyPem: string;
  alertPublicKeyPem: string;
}

/** An RSA pair, or an HMAC secret both sides hold. */
export type SandboxKey = { kind: "rsa"; privateKeyPem: string; publicKeyPem: string } | { kind: "hmac"; secret: string };

/** One cash register of the sandbox: who it is and its two keys (requests, alerts). */
export interface SandboxRegister {
  projectId: string;
  name: string;
  currencies: string[];
  request: SandboxKey;
  alert: SandboxKey;
}

function generatePair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/**
 * Writes `file` once: the app and the sandbox may start at the same moment, so the file is created
 * by an atomic link and both end up reading the same content.
 */
function writeOnce(file: string, make: () => unknown): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(make(), null, 2), { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The first cash register's keys in `<dataDir>/sandbox/keys.json`, generated on first use. */
export function ensureSandboxKeys(dataDir: string): SandboxKeys {
  const file = path.join(dataDir, "sandbox", "keys.json");
  writeOnce(file, () => {
    const merchant = generatePair();
    const alert = generatePair();
    return {
      merchantPrivateKeyPem: merchant.privateKeyPem,
      merchantPublicKeyPem: merchant.publicKeyPem,
      alertPrivateKeyPem: alert.privateKeyPem,
      alertPublicKeyPem: alert.publicKeyPem,
    } satisfies SandboxKeys;
  });
  return JSON.parse(fs.readFileSync(file, "utf8")) as SandboxKeys;
}

function registersDir(dataDir: string): string {
  return path.join(dataDir, "sandbox", "registers");
}

function registerFile(dataDir: string, projectId: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(projectId)) throw new Error(`not a usable sandbox project id: ${projectId}`);
  return path.join(registersDir(dataDir), `${projectId}.json`);
}

/** Adds a cash register to a sandbox's data directory (tests: an HMAC register, say); read at the sandbox's next start. */
export function writeSandboxRegister(dataDir: string, register: SandboxRegister): void {
  const file = registerFile(dataDir, register.projectId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(register, null, 2), { mode: 0o600 });
}

/**
 * Every cash register of the sandbox, the first one first: SANDBOX_PROJECT_ID with the keys of
 * keys.json, the other SANDBOX_REGISTERS with RSA pairs in `<dataDir>/sandbox/registers/<project_id>.json`
 * (generated on first use), then any further file there.
 */
export function ensureSandboxRegisters(dataDir: string): SandboxRegister[] {
  const keys = ensureSandboxKeys(dataDir);
  const [first, ...others] = SANDBOX_REGISTERS;
  const list: SandboxRegister[] = [
    {
      projectId: first!.projectId,
      name: first!.name,
      currencies: [...first!.currencies],
      request: { kind: "rsa", privateKeyPem: keys.merchantPrivateKeyPem, publicKeyPem: keys.merchantPublicKeyPem },
      alert: { kind: "rsa", privateKeyPem: keys.alertPrivateKeyPem, publicKeyPem: keys.alertPublicKeyPem },
    },
  ];
  for (const info of others) {
    writeOnce(registerFile(dataDir, info.projectId), () => {
      const request = generatePair();
      const alert = generatePair();
      return {
        projectId: info.projectId,
        name: info.name,
        currencies: [...info.currencies],
        request: { kind: "rsa", ...request },
        alert: { kind: "rsa", ...alert },
      } satisfies SandboxRegister;
    });
  }
  const files = fs.existsSync(registersDir(dataDir))
    ? fs.readdirSync(registersDir(dataDir)).filter((f) => f.endsWith(".json"))
    : [];
  const known = new Set([first!.projectId]);
  const ordered = [...others.map((o) => `${o.projectId}.json`), ...files.sort()];
  for (const name of ordered) {
    if (!files.includes(name)) continue;
    const register = JSON.parse(fs.readFileSync(path.join(registersDir(dataDir), name), "utf8")) as SandboxRegister;
    if (known.has(register.projectId)) continue;
    known.add(register.projectId);
    list.push(register);
  }
  return list;
}
