/**
 * Test-only material: RSA key pairs generated afresh in every test process (no private key is kept
 * in the repository), the public half of the key the golden signatures were made with, and a
 * seeded random JSON generator for property tests.
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

function keyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

const merchant = keyPair();
const alert = keyPair();

/** Plays the merchant's request key pair. */
export const MERCHANT_PRIVATE_PEM = merchant.privateKey;
export const MERCHANT_PUBLIC_PEM = merchant.publicKey;
/** Plays HighHelp's alert key pair. */
export const ALERT_PRIVATE_PEM = alert.privateKey;
export const ALERT_PUBLIC_PEM = alert.publicKey;

/**
 * The public key of the pair the golden signatures (golden.ts) were computed with once; its
 * private half was discarded. Verifying those signatures pins our signing message byte for byte.
 */
export const GOLDEN_MERCHANT_PUBLIC_PEM = readFileSync(join(import.meta.dirname, "golden-merchant.public.pem"), "utf8");

export const TEST_HMAC_SECRET = "test-only-hmac-secret-3f9c2a7e";

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = [
  ..."abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_- .",
  ":",
  ";",
  "Ж",
  "ё",
  "Ґ",
  "ї",
  "ß",
  "\uFF5E",
  "\uE000",
  "😀",
  "𝄞",
  "🇰🇿",
];

export interface RandomJsonOptions {
  maxDepth?: number;
  /** Allow ":" inside keys (exercises the normaliser's sort fallback). */
  colonKeys?: boolean;
}

export function randomString(rng: () => number, maxLength = 12, colon = true): string {
  const length = Math.floor(rng() * (maxLength + 1));
  let out = "";
  for (let i = 0; i < length; i++) {
    const char = CHARS[Math.floor(rng() * CHARS.length)] ?? "a";
    out += !colon && char === ":" ? "c" : char;
  }
  return out;
}

function randomLeaf(rng: () => number): unknown {
  const pick = rng();
  if (pick < 0.35) return randomString(rng);
  if (pick < 0.6) return Math.floor(rng() * 2 ** 40) * (rng() < 0.2 ? -1 : 1);
  if (pick < 0.75) return rng() < 0.5;
  if (pick < 0.85) return null;
  if (pick < 0.92) return {};
  return [];
}

function randomValue(rng: () => number, depth: number, options: RandomJsonOptions): unknown {
  const maxDepth = options.maxDepth ?? 4;
  const pick = rng();
  if (depth >= maxDepth || pick < 0.45) return randomLeaf(rng);
  if (pick < 0.75) return randomObject(rng, depth + 1, options);
  const length = Math.floor(rng() * 13);
  return Array.from({ length }, () => randomValue(rng, depth + 1, options));
}

export function randomObject(rng: () => number, depth = 0, options: RandomJsonOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const count = 1 + Math.floor(rng() * 7);
  for (let i = 0; i < count; i++) {
    const key = randomString(rng, 8, options.colonKeys === true) || `k${i}`;
    out[key] = randomValue(rng, depth, options);
  }
  return out;
}

/** Same content, keys inserted in a shuffled order at every level. */
export function shuffleKeys(value: unknown, rng: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, rng));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, rng)]));
}

/** Paths (arrays of keys / indexes) of every scalar leaf (empty containers excluded). */
export function leafPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  }
  return [path];
}

/** A deep copy with the leaf at `path` changed to a different value of the same type. */
export function mutateLeaf(value: unknown, path: Array<string | number>): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  const leaf = parent[last];
  parent[last] =
    typeof leaf === "string" ? `${leaf}x` : typeof leaf === "number" ? leaf + 1 : typeof leaf === "boolean" ? !leaf : "changed";
  return copy;
}
