import type { SignatureEncoding } from "./signature-profile";

/** RFC 4648 §5 Base64Url; `padding` keeps the trailing `=` (HighHelp's choice is unconfirmed). */
export function base64UrlEncode(bytes: Uint8Array, padding = false): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
  return padding ? padBase64(text) : text;
}

export function base64UrlEncodeText(text: string, padding = false): string {
  const encoded = Buffer.from(text, "utf8").toString("base64url");
  return padding ? padBase64(encoded) : encoded;
}

function padBase64(text: string): string {
  const rest = text.length % 4;
  return rest === 0 ? text : text + "=".repeat(4 - rest);
}

export function encodeSignature(bytes: Uint8Array, encoding: SignatureEncoding): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (encoding) {
    case "base64url":
      return buf.toString("base64url");
    case "base64url-padded":
      return padBase64(buf.toString("base64url"));
    case "base64":
      return buf.toString("base64");
    case "hex":
      return buf.toString("hex");
  }
}

const URL_ALPHABET = /^[A-Za-z0-9_-]*={0,2}$/;
const STANDARD_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Strict decoding of one Base64 flavour: only that alphabet, padding optional but, when present,
 * complete, and the encoding must be canonical (unused trailing bits zero). Node's own decoder
 * silently skips foreign characters, so it is not used on unchecked text.
 */
export function decodeBase64Strict(text: string, alphabet: "url" | "standard"): Buffer | null {
  if (!(alphabet === "url" ? URL_ALPHABET : STANDARD_ALPHABET).test(text)) return null;
  const padded = text.endsWith("=");
  if (padded && text.length % 4 !== 0) return null;
  const bare = padded ? text.replace(/=+$/, "") : text;
  if (bare.length % 4 === 1) return null;
  const bytes = Buffer.from(bare, alphabet === "url" ? "base64url" : "base64");
  const canonical = bytes.toString(alphabet === "url" ? "base64url" : "base64").replace(/=+$/, "");
  return canonical === bare ? bytes : null;
}

/** Any Base64 flavour: URL-safe or standard (not mixed), padded or not. */
export function decodeBase64Lenient(text: string): Buffer | null {
  return decodeBase64Strict(text, "url") ?? decodeBase64Strict(text, "standard");
}

export function decodeHex(text: string): Buffer | null {
  return HEX.test(text) ? Buffer.from(text, "hex") : null;
}

/**
 * Decodes a signature only if it is written exactly in `encoding` (the diagnose command uses this
 * to tell the encodings apart): `base64url` unpadded, `base64url-padded` with complete padding,
 * `base64` standard alphabet (padding optional), `hex`.
 */
export function decodeSignatureStrict(text: string, encoding: SignatureEncoding): Buffer | null {
  switch (encoding) {
    case "base64url":
      return text.includes("=") ? null : decodeBase64Strict(text, "url");
    case "base64url-padded":
      return text.length % 4 === 0 ? decodeBase64Strict(text, "url") : null;
    case "base64":
      return decodeBase64Strict(text, "standard");
    case "hex":
      return decodeHex(text);
  }
}

/**
 * Decodes a received signature. Any Base64 flavour is accepted for the Base64 encodings
 * (the padding and alphabet HighHelp uses are unconfirmed); `hex` only accepts hex.
 */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return encoding === "hex" ? decodeHex(trimmed) : decodeBase64Lenient(trimmed);
}
