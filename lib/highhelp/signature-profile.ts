/**
 * The signing details the HighHelp docs leave open (docs/highhelp-decisions.md#signature-profile),
 * gathered as named options of one profile. The normaliser, signer, verifier and the diagnose
 * command read this object; nothing else branches on these choices.
 */

/** How `true` / `false` leaves are written. Docs: `1`/`0`; third-party client: `true`/`false`; plain Python: `True`/`False`. */
export const BOOLEAN_STYLES = ["1/0", "true/false", "True/False"] as const;
export type BooleanStyle = (typeof BOOLEAN_STYLES)[number];

/** How `null` leaves are written (undocumented). `"omit"` emits no line at all for the key. */
export const NULL_STYLES = ["None", "null", "", "omit"] as const;
export type NullStyle = (typeof NULL_STYLES)[number];

/**
 * What the RSA PKCS#1 v1.5 SHA-256 signature covers. `double`: the 32-byte SHA256(message)
 * is handed to the signer, which hashes it again (third-party client). `single`: the message itself.
 * `hex-digest`: the 64-char hex text of SHA256(message). HMAC ignores this option.
 */
export const HASH_MODES = ["double", "single", "hex-digest"] as const;
export type HashMode = (typeof HASH_MODES)[number];

/**
 * Text form of the signature we emit. Verification accepts any Base64 form (URL-safe or standard,
 * padded or not) whatever this says, unless it is `hex`.
 */
export const SIGNATURE_ENCODINGS = ["base64url", "base64url-padded", "base64", "hex"] as const;
export type SignatureEncoding = (typeof SIGNATURE_ENCODINGS)[number];

export interface SignatureProfile {
  readonly booleans: BooleanStyle;
  readonly nullText: NullStyle;
  readonly hashing: HashMode;
  /** Keep `=` padding on the Base64Url text of the normalised body inside the message. */
  readonly messagePadding: boolean;
  readonly signatureEncoding: SignatureEncoding;
}

/** Our reading: `1/0`, `None`, double hash, no padding anywhere, Base64Url signature. */
export const DEFAULT_SIGNATURE_PROFILE: SignatureProfile = Object.freeze({
  booleans: "1/0",
  nullText: "None",
  hashing: "double",
  messagePadding: false,
  signatureEncoding: "base64url",
});

/** Suggested name of the environment variable that carries a profile string. */
export const SIGNATURE_PROFILE_ENV_VAR = "HIGHHELP_SIGNATURE_PROFILE";

export function booleanText(profile: SignatureProfile, value: boolean): string {
  switch (profile.booleans) {
    case "1/0":
      return value ? "1" : "0";
    case "true/false":
      return value ? "true" : "false";
    case "True/False":
      return value ? "True" : "False";
  }
}

/** Text of a null leaf, or `undefined` when the profile skips null keys. */
export function nullText(profile: SignatureProfile): string | undefined {
  return profile.nullText === "omit" ? undefined : profile.nullText;
}

export function sameProfile(a: SignatureProfile, b: SignatureProfile): boolean {
  return (
    a.booleans === b.booleans &&
    a.nullText === b.nullText &&
    a.hashing === b.hashing &&
    a.messagePadding === b.messagePadding &&
    a.signatureEncoding === b.signatureEncoding
  );
}

/** Every combination of every option (3 × 4 × 3 × 2 × 4 = 288), the default first. */
export function allSignatureProfiles(): SignatureProfile[] {
  const out: SignatureProfile[] = [DEFAULT_SIGNATURE_PROFILE];
  for (const booleans of BOOLEAN_STYLES) {
    for (const nullTextStyle of NULL_STYLES) {
      for (const hashing of HASH_MODES) {
        for (const messagePadding of [false, true]) {
          for (const signatureEncoding of SIGNATURE_ENCODINGS) {
            const profile: SignatureProfile = Object.freeze({
              booleans,
              nullText: nullTextStyle,
              hashing,
              messagePadding,
              signatureEncoding,
            });
            if (!sameProfile(profile, DEFAULT_SIGNATURE_PROFILE)) out.push(profile);
          }
        }
      }
    }
  }
  return out;
}

const NULL_TOKENS: Record<string, NullStyle> = {
  None: "None",
  null: "null",
  empty: "",
  "": "",
  omit: "omit",
};

function nullToken(style: NullStyle): string {
  return style === "" ? "empty" : style;
}

/**
 * The compact string form of a profile, e.g.
 * `booleans=1/0,null=None,hash=double,padding=no,signature=base64url`.
 */
export function formatSignatureProfile(profile: SignatureProfile): string {
  return [
    `booleans=${profile.booleans}`,
    `null=${nullToken(profile.nullText)}`,
    `hash=${profile.hashing}`,
    `padding=${profile.messagePadding ? "yes" : "no"}`,
    `signature=${profile.signatureEncoding}`,
  ].join(",");
}

export type ParseSignatureProfileResult = { ok: true; profile: SignatureProfile } | { ok: false; error: string };

/**
 * Parses the compact profile string (for an environment variable).
 *
 * Format: comma-separated `key=value` pairs, in any order, spaces around tokens ignored; keys not
 * given keep their default; an empty string is the default profile. Keys and values:
 * - `booleans` = `1/0` (default) | `true/false` | `True/False`
 * - `null` = `None` (default) | `null` | `empty` (or nothing after `=`: the empty string) | `omit` (skip the key)
 * - `hash` = `double` (default) | `single` | `hex-digest`
 * - `padding` = `no` (default) | `yes` — `=` padding of the Base64Url body text in the message
 * - `signature` = `base64url` (default, no padding) | `base64url-padded` | `base64` | `hex`
 *
 * Example: `booleans=true/false,null=null,hash=single,padding=yes`.
 */
export function parseSignatureProfile(text: string): ParseSignatureProfileResult {
  const profile: {
    -readonly [K in keyof SignatureProfile]: SignatureProfile[K];
  } = { ...DEFAULT_SIGNATURE_PROFILE };
  const seen = new Set<string>();
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, profile: Object.freeze(profile) };

  for (const part of trimmed.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return { ok: false, error: `"${part.trim()}" is not key=value` };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (seen.has(key)) return { ok: false, error: `"${key}" is given twice` };
    seen.add(key);
    switch (key) {
      case "booleans": {
        const style = BOOLEAN_STYLES.find((s) => s === value);
        if (style === undefined) {
          return { ok: false, error: `booleans must be one of ${BOOLEAN_STYLES.join(" | ")}, got "${value}"` };
        }
        profile.booleans = style;
        break;
      }
      case "null": {
        const style = Object.hasOwn(NULL_TOKENS, value) ? NULL_TOKENS[value] : undefined;
        if (style === undefined) {
          return { ok: false, error: `null must be one of None | null | empty | omit, got "${value}"` };
        }
        profile.nullText = style;
        break;
      }
      case "hash": {
        const mode = HASH_MODES.find((m) => m === value);
        if (mode === undefined) {
          return { ok: false, error: `hash must be one of ${HASH_MODES.join(" | ")}, got "${value}"` };
        }
        profile.hashing = mode;
        break;
      }
      case "padding": {
        if (value !== "yes" && value !== "no") {
          return { ok: false, error: `padding must be yes | no, got "${value}"` };
        }
        profile.messagePadding = value === "yes";
        break;
      }
      case "signature": {
        const encoding = SIGNATURE_ENCODINGS.find((e) => e === value);
        if (encoding === undefined) {
          return {
            ok: false,
            error: `signature must be one of ${SIGNATURE_ENCODINGS.join(" | ")}, got "${value}"`,
          };
        }
        profile.signatureEncoding = encoding;
        break;
      }
      default:
        return {
          ok: false,
          error: `unknown key "${key}" (expected booleans, null, hash, padding, signature)`,
        };
    }
  }
  return { ok: true, profile: Object.freeze(profile) };
}
