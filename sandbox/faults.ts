/**
 * Fault injection: what the sandbox can do wrong on purpose, for one run (SANDBOX_FAULTS,
 * PUT /sandbox/faults) or for one payment_id (PUT /sandbox/faults/{payment_id}, allowed before
 * the application exists). A set is a plain JSON object; the env form is `name` or `name=value`
 * items separated by commas, e.g. `duplicate,delay=500,http_500=2`.
 */
import { z } from "zod";

export const FAULT_DEFAULTS = {
  /** Copies of each alert (the first two sent concurrently, the rest after). */
  duplicate: 3,
  /** How long alerts are held before being delivered newest first (unless the application ends sooner). */
  reorder: 10_000,
  delay: 1_000,
  /** How long a create is left hanging before its socket is destroyed. */
  timeout_after_create: 120_000,
  slow: 3_000,
} as const;

export interface FaultSet {
  /** Callbacks: each alert delivered this many times (2-5). */
  duplicate?: number;
  /** Callbacks: alerts held up to this many ms, then delivered newest first (final before intermediate). */
  reorder?: number;
  /** Callbacks: each alert waits this many ms before its first attempt (order kept). */
  delay?: number;
  /** Callbacks: never delivered (only polling finds the truth). */
  drop?: true;
  /** Callbacks: bytes of the signature flipped, so verification fails. */
  corrupt_signature?: true;
  /** API: answer 500 without doing anything; `true` for every call, a number for the next N calls. */
  http_500?: true | number;
  /** API: creates are applied, then never answered; the socket is destroyed after this many ms (0: at once). */
  timeout_after_create?: number;
  /** API: every call waits this many ms before being handled (even if the caller gave up meanwhile). */
  slow?: number;
}

export const FAULT_NAMES = [
  "duplicate",
  "reorder",
  "delay",
  "drop",
  "corrupt_signature",
  "http_500",
  "timeout_after_create",
  "slow",
] as const satisfies readonly (keyof FaultSet)[];

export type FaultName = (typeof FAULT_NAMES)[number];

const ms = z.number().int().min(0).max(3_600_000);
const onOrMs = (fallback: number) => z.union([z.literal(true).transform(() => fallback), ms]);

/** The JSON form (PUT bodies). `false` switches a fault off (per application: despite the run's); `null` leaves it out. */
export const faultSetSchema = z
  .strictObject({
    duplicate: z.union([
      z.literal(true).transform(() => FAULT_DEFAULTS.duplicate),
      z.number().int().min(2).max(5),
      z.literal(false),
    ]),
    reorder: z.union([onOrMs(FAULT_DEFAULTS.reorder), z.literal(false)]),
    delay: z.union([onOrMs(FAULT_DEFAULTS.delay), z.literal(false)]),
    drop: z.boolean(),
    corrupt_signature: z.boolean(),
    http_500: z.union([z.boolean(), z.number().int().min(1).max(1_000_000)]),
    timeout_after_create: z.union([onOrMs(FAULT_DEFAULTS.timeout_after_create), z.literal(false)]),
    slow: z.union([onOrMs(FAULT_DEFAULTS.slow), z.literal(false)]),
  })
  .partial();

/** A per-application set: a fault given as `false` is off for this application whatever the run's set says. */
export type FaultOverrides = { [K in keyof FaultSet]?: FaultSet[K] | false };

/** Validates a JSON fault object; `null` members are left out, `false` ones kept as overrides. */
export function parseFaultSet(
  input: unknown,
): { ok: true; faults: FaultOverrides } | { ok: false; errors: { field: string; message: string }[] } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: "", message: "must be a JSON object of faults" }] };
  }
  const cleaned = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null));
  const parsed = faultSetSchema.safeParse(cleaned);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => ({ field: key, message: `unknown fault (known: ${FAULT_NAMES.join(", ")})` }))
          : [{ field: issue.path.join("."), message: issue.message }],
      ),
    };
  }
  const faults: FaultOverrides = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) (faults as Record<string, unknown>)[key] = value;
  }
  return { ok: true, faults };
}

/** The faults switched on in a set (drops the `false` overrides). */
export function activeFaults(set: FaultOverrides): FaultSet {
  return Object.fromEntries(Object.entries(set).filter(([, value]) => value !== false && value !== undefined)) as FaultSet;
}

/** The env form: `duplicate,reorder=5000,delay=300,drop,corrupt_signature,http_500=2,timeout_after_create,slow=2000`. */
export function parseFaultSpec(text: string): { ok: true; faults: FaultSet } | { ok: false; error: string } {
  const object: Record<string, unknown> = {};
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    const value = eq < 0 ? "" : item.slice(eq + 1).trim();
    if (!(FAULT_NAMES as readonly string[]).includes(name)) {
      return { ok: false, error: `unknown fault "${name}" (known: ${FAULT_NAMES.join(", ")})` };
    }
    if (value === "") object[name] = true;
    else if (/^\d+$/.test(value)) object[name] = Number(value);
    else return { ok: false, error: `${name}=${value}: the value must be a whole number` };
  }
  const parsed = parseFaultSet(object);
  if (!parsed.ok) return { ok: false, error: parsed.errors.map((e) => `${e.field}: ${e.message}`).join("; ") };
  return { ok: true, faults: activeFaults(parsed.faults) };
}

/** The faults that apply to one application: its own set wins over the run's, key by key. */
export function effectiveFaults(global: FaultSet, own: FaultOverrides | undefined): FaultSet {
  return activeFaults({ ...global, ...own });
}

/** Names of the faults of a set that touch callbacks (recorded with each delivery). */
export function callbackFaultNames(faults: FaultSet): string[] {
  const names: string[] = [];
  if (faults.duplicate !== undefined) names.push(`duplicate=${faults.duplicate}`);
  if (faults.reorder !== undefined) names.push(`reorder=${faults.reorder}`);
  if (faults.delay !== undefined) names.push(`delay=${faults.delay}`);
  if (faults.drop === true) names.push("drop");
  if (faults.corrupt_signature === true) names.push("corrupt_signature");
  return names;
}

/** Flips the bits of a few bytes in the middle of a Base64Url / Base64 / hex signature. */
export function corruptSignature(signature: string): string {
  const hex = /^[0-9a-f]+$/i.test(signature) && signature.length % 2 === 0;
  const bytes = Buffer.from(signature, hex ? "hex" : "base64url");
  if (bytes.length === 0) return "AAAA";
  const middle = Math.floor(bytes.length / 2);
  for (let i = middle; i < Math.min(bytes.length, middle + 4); i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
  return hex ? bytes.toString("hex") : bytes.toString("base64url");
}
