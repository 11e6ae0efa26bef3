import { booleanText, DEFAULT_SIGNATURE_PROFILE, nullText, type SignatureProfile } from "./signature-profile";

/** A value the normaliser cannot render the way HighHelp's server would. */
export class NormaliseError extends Error {
  override readonly name = "NormaliseError";
  constructor(
    /** What is wrong, without the path. */
    readonly reason: string,
    /** `:`-joined path of the offending value, "" for the root. */
    readonly path: string,
  ) {
    super(path === "" ? reason : `${reason} at ${path}`);
  }
}

/**
 * Orders strings by Unicode code point (= UTF-8 byte order, = Python's `sorted`): our reading of the
 * docs' "alphabetically" (docs/highhelp-decisions.md#normalisation-details).
 * UTF-16 code-unit order (JS default) differs only when a surrogate (a non-BMP character) meets a
 * BMP character in U+E000..U+FFFF at the first difference.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  return compareFirstDifference(a, b, n) || a.length - b.length;
}

/** Code-point order of the first differing code unit within the first `n`, or 0 if none differs. */
function compareFirstDifference(a: string, b: string, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        const xSurrogate = x <= 0xdfff;
        if (xSurrogate !== y <= 0xdfff) return xSurrogate ? 1 : -1;
      }
      return x - y;
    }
  }
  return 0;
}

interface LeafText {
  readonly trueText: string;
  readonly falseText: string;
  readonly nullText: string | undefined;
}

function leafTextFor(profile: SignatureProfile): LeafText {
  return {
    trueText: booleanText(profile, true),
    falseText: booleanText(profile, false),
    nullText: nullText(profile),
  };
}

const DEFAULT_LEAF_TEXT = leafTextFor(DEFAULT_SIGNATURE_PROFILE);

/**
 * Decimal text of a JSON number. Integers are what HighHelp sends and expects (amounts, dates);
 * they must be safe integers, because beyond 2^53 the parsed value no longer equals the text the
 * server saw. Non-integers use JS `String()`, which can differ from Python's `str(float)`
 * (`1.0` parses to 1 and renders `1`; Python renders `1.0`) — avoid floats in signed bodies.
 */
function numberText(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new NormaliseError("non-finite number", path);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new NormaliseError("integer outside the safe range", path);
  }
  return String(value);
}

/**
 * Deepest container nesting signed or verified (the root object is level 1). HighHelp's bodies are 3
 * levels deep; the limit keeps the recursive walks far from the stack's end whatever a caller sends.
 */
export const MAX_NESTING_DEPTH = 64;

function checkDepth(depth: number, prefix: string): void {
  if (depth > MAX_NESTING_DEPTH) {
    throw new NormaliseError(`nested deeper than ${MAX_NESTING_DEPTH} levels`, prefix.slice(0, -1));
  }
}

/** `prefix` is "" at the root, else the parent path followed by ":"; `depth` is the container's level. */
function walk(container: object, prefix: string, isArray: boolean, depth: number, leaf: LeafText, out: string[]): void {
  checkDepth(depth, prefix);
  if (isArray) {
    const items = container as readonly unknown[];
    for (let i = 0; i < items.length; i++) {
      // JSON.stringify writes an undefined array element as null; sign what is sent.
      visit(items[i] ?? null, prefix + i, depth, leaf, out);
    }
    return;
  }
  const record = plainRecord(container, prefix);
  for (const key of Object.keys(record)) {
    const value = record[key];
    // JSON.stringify drops undefined object members, so they are not signed either.
    if (value !== undefined) visit(value, prefix + key, depth, leaf, out);
  }
}

function plainRecord(container: object, prefix: string): Record<string, unknown> {
  if (typeof (container as { toJSON?: unknown }).toJSON === "function") {
    throw new NormaliseError("objects with toJSON (e.g. Date) are not signed; pass plain JSON values", prefix.slice(0, -1));
  }
  return container as Record<string, unknown>;
}

function leafText(value: unknown, path: string, leaf: LeafText): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return numberText(value, path);
    case "boolean":
      return value ? leaf.trueText : leaf.falseText;
    case "object":
      return leaf.nullText; // only called for null
    default:
      throw new NormaliseError(`unsupported ${typeof value} value`, path);
  }
}

/** `depth`: the level of the container holding `value`. */
function visit(value: unknown, path: string, depth: number, leaf: LeafText, out: string[]): void {
  if (typeof value === "object" && value !== null) {
    walk(value, path + ":", Array.isArray(value), depth + 1, leaf, out);
    return;
  }
  const text = leafText(value, path, leaf);
  if (text !== undefined) out.push(path + ":" + text);
}

/**
 * Orders sibling keys as their lines will sort: by code point of `key + ":"`. When no key
 * contains ":", no `key + ":"` is a prefix of a sibling's, so every line under one key sorts
 * before every line under a later key, and emitting depth-first in this order yields the lines
 * already sorted — no sort over whole lines (the hot path of signing and verifying).
 */
function compareSegments(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  const differ = compareFirstDifference(a, b, n);
  if (differ !== 0) return differ;
  if (a.length === b.length) return 0;
  return a.length < b.length ? 0x3a - b.charCodeAt(n) : a.charCodeAt(n) - 0x3a;
}

/** In place. Insertion sort for the small objects of real bodies: Array#sort's per-call cost dominates there. */
function sortSegments(keys: string[]): void {
  if (keys.length > 24) {
    keys.sort(compareSegments);
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && compareSegments(keys[j] as string, key) > 0) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
}

// Array indexes in line order ("0", "1", "10", "11", ..., "2", ...), per array length.
const indexOrders = new Map<number, readonly number[]>();

function indexOrder(length: number): readonly number[] {
  let order = indexOrders.get(length);
  if (order === undefined) {
    const names = Array.from({ length }, (_, i) => String(i));
    order = Array.from({ length }, (_, i) => i).sort((i, j) => compareSegments(names[i] ?? "", names[j] ?? ""));
    if (length <= 4096) indexOrders.set(length, order);
  }
  return order;
}

/** Signals that a key contains ":" and the sorted walk does not apply. */
class ColonInKey extends Error {}

function sortedVisit(value: unknown, path: string, depth: number, leaf: LeafText, out: string[]): void {
  if (typeof value === "object" && value !== null) {
    sortedWalk(value, path + ":", depth + 1, leaf, out);
    return;
  }
  const text = leafText(value, path, leaf);
  if (text !== undefined) out.push(path + ":" + text);
}

function sortedWalk(container: object, prefix: string, depth: number, leaf: LeafText, out: string[]): void {
  checkDepth(depth, prefix);
  if (Array.isArray(container)) {
    const items = container as readonly unknown[];
    if (items.length <= 10) {
      for (let i = 0; i < items.length; i++) sortedVisit(items[i] ?? null, prefix + i, depth, leaf, out);
    } else {
      for (const i of indexOrder(items.length)) sortedVisit(items[i] ?? null, prefix + i, depth, leaf, out);
    }
    return;
  }
  const record = plainRecord(container, prefix);
  const keys = Object.keys(record);
  for (const key of keys) if (key.includes(":")) throw new ColonInKey();
  if (keys.length > 1) sortSegments(keys);
  for (const key of keys) {
    const value = record[key];
    if (value !== undefined) sortedVisit(value, prefix + key, depth, leaf, out);
  }
}

function checkRoot(body: unknown): asserts body is object {
  if (body === null || typeof body !== "object") {
    throw new NormaliseError("the body must be a JSON object or array", "");
  }
}

function leafFor(profile: SignatureProfile): LeafText {
  return profile === DEFAULT_SIGNATURE_PROFILE ? DEFAULT_LEAF_TEXT : leafTextFor(profile);
}

/**
 * The unsorted `path:value` lines of a JSON body: one line per leaf, array indexes as
 * path segments, empty objects and arrays contribute nothing. Throws NormaliseError, also for
 * containers nested deeper than MAX_NESTING_DEPTH.
 */
export function normaliseLines(body: unknown, profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE): string[] {
  checkRoot(body);
  const out: string[] = [];
  walk(body, "", Array.isArray(body), 1, leafFor(profile), out);
  return out;
}

/**
 * The normalised string: the lines sorted by code point, joined with `;`.
 * Produced by a walk that emits lines already in that order (see compareSegments); bodies with a
 * ":" inside a key take the plain route of sorting all lines.
 */
export function normalise(body: unknown, profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE): string {
  checkRoot(body);
  const leaf = leafFor(profile);
  const out: string[] = [];
  try {
    sortedWalk(body, "", 1, leaf, out);
    return out.join(";");
  } catch (error) {
    if (!(error instanceof ColonInKey)) throw error;
  }
  const lines: string[] = [];
  walk(body, "", Array.isArray(body), 1, leaf, lines);
  return lines.sort(compareCodePoints).join(";");
}
