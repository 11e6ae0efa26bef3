/**
 * Log redaction: signatures, tokens and keys are replaced, card numbers and phones masked.
 * No Node-only imports: usable from any runtime.
 */

export const REDACTED = "[redacted]";

/** First six and last four kept, the rest starred, length kept (HighHelp's masks look like 48507****1726). */
export function maskPan(pan: string): string {
  const digits = pan.replace(/[\s-]/g, "");
  const n = digits.length;
  if (n >= 13) return digits.slice(0, 6) + "*".repeat(n - 10) + digits.slice(-4);
  if (n > 4) return "*".repeat(n - 4) + digits.slice(-4);
  return "*".repeat(n);
}

/** `+` and the first three digits (country / operator code) and the last two kept: `+77001234567` → `+770******67`. */
export function maskPhone(phone: string): string {
  const plus = phone.trimStart().startsWith("+") ? "+" : "";
  const digits = phone.replace(/\D/g, "");
  const n = digits.length;
  if (n <= 6) return plus + "*".repeat(Math.max(0, n - 2)) + digits.slice(Math.max(0, n - 2));
  return plus + digits.slice(0, 3) + "*".repeat(n - 5) + digits.slice(-2);
}

/** Luhn check digit test over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Normalised (lower case, no `-`/`_`) key fragments whose values never reach a log.
const SECRET_KEY_PARTS = [
  "signature",
  "token",
  "privatekey",
  "secret",
  "hmac",
  "password",
  "passwd",
  "authorization",
  "cookie",
  "apikey",
  "cvv",
  "cvc",
];

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, "");
  return SECRET_KEY_PARTS.some((part) => k.includes(part));
}

const PAN_KEY = /(?:^|[_-])pan$|^card_?number$/i;
const PHONE_KEY = /(?:^|[_-])phone$/i;
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;
// 12-19 digits, optionally grouped by single spaces or dashes, not part of a longer digit run.
const DIGIT_RUN = /(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)/g;

/** A digit run (grouped or not) masked when it passes the card check digit, else as it is. */
function maskIfCard(run: string): string {
  const digits = run.replace(/[ -]/g, "");
  return passesLuhn(digits) ? maskPan(digits) : run;
}

/** Masks Luhn-valid card-number-like digit runs and removes PEM blocks from free text. */
export function redactText(text: string): string {
  return text.replace(PEM_BLOCK, REDACTED).replace(DIGIT_RUN, maskIfCard);
}

// 13-19 digits, optionally grouped by single spaces or dashes, not part of a longer digit run.
const CARD_RUN = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;

/**
 * Card numbers typed into a search box (13-19 digits, Luhn-valid, grouped or not), masked as HighHelp masks them:
 * a URL, a saved view or an access log may hold the mask, never the number. A numeric id that happens to look like a
 * card number is masked too: that is the price of never sending a card number on.
 */
export function maskTypedCardNumbers(text: string): string {
  return text.replace(CARD_RUN, maskIfCard);
}

const MAX_DEPTH = 24;

function redactValue(value: unknown, key: string | undefined, seen: WeakSet<object>, depth: number): unknown {
  if (key !== undefined) {
    if (isSecretKey(key)) return REDACTED;
    if (PAN_KEY.test(key) && (typeof value === "string" || typeof value === "number")) {
      return maskPan(String(value));
    }
    if (PHONE_KEY.test(key) && typeof value === "string") return maskPhone(value);
  }
  switch (typeof value) {
    case "string":
      return redactText(value);
    case "bigint":
      return value.toString();
    case "function":
    case "symbol":
      return undefined;
    case "object":
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[truncated]";

  const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof ctor === "string" && ctor.includes("KeyObject")) return REDACTED;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`;
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }

  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined, seen, depth + 1));
    const entries = entriesOf(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const redacted = redactValue(v, k, seen, depth + 1);
      // A "__proto__" key parsed from JSON is data: assigning it would swap out's prototype instead.
      if (k === "__proto__")
        Object.defineProperty(out, k, { value: redacted, enumerable: true, writable: true, configurable: true });
      else out[k] = redacted;
    }
    // display_data items carry requisites as {title: "recipient_pan" | "recipient_phone", data}.
    const title = out.title;
    if (typeof title === "string" && (typeof out.data === "string" || typeof out.data === "number")) {
      if (PAN_KEY.test(title)) out.data = maskPan(String(out.data));
      else if (PHONE_KEY.test(title) && typeof out.data === "string") out.data = maskPhone(out.data);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function entriesOf(value: object): Array<[string, unknown]> {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [String(k), v]);
  const maybeHeaders = value as { entries?: unknown; get?: unknown };
  if (typeof maybeHeaders.entries === "function" && typeof maybeHeaders.get === "function") {
    return [...(maybeHeaders.entries as () => Iterable<[string, unknown]>).call(value)];
  }
  return Object.entries(value);
}

/**
 * A deep copy safe to log: values under secret-looking keys (signature, x-access-signature,
 * x-access-token, private_key, secret, hmac, password, authorization, ...) become "[redacted]";
 * `pan` keys, Luhn-valid 12-19 digit runs and `phone` keys are masked; PEM blocks removed.
 */
export function redactForLog(value: unknown): unknown {
  return redactValue(value, undefined, new WeakSet(), 0);
}
