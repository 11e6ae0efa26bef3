/**
 * Calibration against one real HighHelp alert: try every signature profile and report
 * which ones verify. The timestamp window is deliberately not applied: a captured alert is old.
 */
import "server-only";
import { decodeSignatureStrict } from "./base64url";
import { NormaliseError, normalise } from "./normalise";
import { signingMessage } from "./signer";
import {
  allSignatureProfiles,
  DEFAULT_SIGNATURE_PROFILE,
  formatSignatureProfile,
  SIGNATURE_PROFILE_ENV_VAR,
  type SignatureProfile,
} from "./signature-profile";
import { prepareVerificationKey, verifyMessageSignature, type PreparedVerificationKey, type VerificationKey } from "./verify";

export type ProfileOption = keyof SignatureProfile;

export interface DiagnoseMatch {
  profile: SignatureProfile;
  /** `compact profile string` for the environment variable. */
  profileString: string;
  /** HMAC only: whether the key text verified as given or with trailing whitespace removed. */
  keyVariant: "as given" | "trailing whitespace trimmed";
  /** Number of options that differ from the default profile. */
  distance: number;
}

export interface DiagnoseInput {
  /** The body exactly as received. */
  rawBody: string;
  signature: string;
  timestamp: string;
  key: VerificationKey;
  nowSeconds?: number;
}

export type DiagnoseReport =
  | {
      ok: false;
      error: "malformed_json" | "unsupported_body" | "invalid_timestamp" | "missing_signature";
      detail: string;
    }
  | {
      ok: true;
      /** Whether at least one profile verifies. */
      verified: boolean;
      tried: number;
      /** Verifying profiles, closest to the default first. */
      matches: DiagnoseMatch[];
      recommended: DiagnoseMatch | undefined;
      /** `HIGHHELP_SIGNATURE_PROFILE=...` for the recommended profile. */
      envLine: string | undefined;
      /** Options this alert cannot pin down (several values verify). */
      undetermined: ProfileOption[];
      notes: string[];
      /** now − timestamp, when `nowSeconds` was given. */
      driftSeconds: number | undefined;
    };

const OPTIONS: ProfileOption[] = ["booleans", "nullText", "hashing", "messagePadding", "signatureEncoding"];

function distanceFromDefault(profile: SignatureProfile): number {
  return OPTIONS.filter((option) => profile[option] !== DEFAULT_SIGNATURE_PROFILE[option]).length;
}

function containsLeaf(value: unknown, test: (leaf: unknown) => boolean): boolean {
  if (Array.isArray(value)) return value.some((item) => containsLeaf(item, test));
  if (value !== null && typeof value === "object") {
    return Object.values(value).some((item) => containsLeaf(item, test));
  }
  return test(value);
}

interface KeyCandidate {
  label: DiagnoseMatch["keyVariant"];
  key: PreparedVerificationKey;
}

function keyCandidates(key: VerificationKey): KeyCandidate[] {
  const candidates: KeyCandidate[] = [{ label: "as given", key: prepareVerificationKey(key) }];
  if (key.kind === "hmac" && typeof key.secret === "string") {
    const trimmed = key.secret.replace(/\s+$/, "");
    if (trimmed !== key.secret && trimmed !== "") {
      candidates.push({ label: "trailing whitespace trimmed", key: prepareVerificationKey({ kind: "hmac", secret: trimmed }) });
    }
  }
  return candidates;
}

/** Tries every profile of `allSignatureProfiles()` (hashing only for RSA) on one alert. */
export function diagnoseSignature(input: DiagnoseInput): DiagnoseReport {
  const signature = input.signature.trim();
  if (signature === "") return { ok: false, error: "missing_signature", detail: "the signature is empty" };
  const timestamp = input.timestamp.trim();
  if (!/^\d{1,15}$/.test(timestamp)) {
    return { ok: false, error: "invalid_timestamp", detail: `the timestamp must be decimal seconds, got "${timestamp}"` };
  }
  let body: unknown;
  try {
    body = JSON.parse(input.rawBody);
  } catch (error) {
    return { ok: false, error: "malformed_json", detail: error instanceof Error ? error.message : String(error) };
  }
  try {
    normalise(body);
  } catch (error) {
    if (error instanceof NormaliseError) return { ok: false, error: "unsupported_body", detail: error.message };
    throw error;
  }

  const keys = keyCandidates(input.key);
  const messages = new Map<string, string>();
  const matches: DiagnoseMatch[] = [];
  let tried = 0;

  for (const profile of allSignatureProfiles()) {
    // HMAC-SHA512 runs over the message itself; the RSA hashing option does not apply.
    if (input.key.kind === "hmac" && profile.hashing !== DEFAULT_SIGNATURE_PROFILE.hashing) continue;
    const messageKey = `${profile.booleans}|${profile.nullText}|${profile.messagePadding}`;
    let message = messages.get(messageKey);
    if (message === undefined) {
      message = signingMessage(body, timestamp, profile);
      messages.set(messageKey, message);
    }
    const bytes = decodeSignatureStrict(signature, profile.signatureEncoding);
    for (const candidate of keys) {
      tried++;
      if (bytes !== null && verifyMessageSignature(message, bytes, candidate.key, profile)) {
        matches.push({
          profile,
          profileString: formatSignatureProfile(profile),
          keyVariant: candidate.label,
          distance: distanceFromDefault(profile) + (candidate.label === "as given" ? 0 : 1),
        });
      }
    }
  }
  matches.sort((a, b) => a.distance - b.distance);

  const undetermined = OPTIONS.filter((option) => new Set(matches.map((m) => m.profile[option])).size > 1);
  const notes: string[] = [];
  if (!containsLeaf(body, (leaf) => typeof leaf === "boolean")) {
    notes.push("The body has no boolean value: the booleans option cannot be told apart by this alert.");
  }
  if (!containsLeaf(body, (leaf) => leaf === null)) {
    notes.push(
      "The body has no null value: the null option cannot be told apart by this alert (every final alert has sub_status: null).",
    );
  }
  const recommended = matches[0];
  if (Buffer.byteLength(normalise(body, recommended?.profile), "utf8") % 3 === 0) {
    notes.push("The normalised body is a multiple of 3 bytes long: Base64 padding cannot be told apart by this alert.");
  }
  if (input.key.kind === "hmac") notes.push("HMAC-SHA512: the RSA hashing option does not apply.");
  if (undetermined.length > 0 && matches.length > 0) {
    notes.push(`Several values verify for: ${undetermined.join(", ")}. The recommendation keeps the default for those.`);
  }

  return {
    ok: true,
    verified: recommended !== undefined,
    tried,
    matches,
    recommended,
    envLine: recommended === undefined ? undefined : `${SIGNATURE_PROFILE_ENV_VAR}=${recommended.profileString}`,
    undetermined,
    notes,
    driftSeconds: input.nowSeconds === undefined ? undefined : input.nowSeconds - Number(timestamp),
  };
}

/** A raw HTTP request capture: optional request line, headers, a blank line, then the body as is. */
export interface HttpCapture {
  headers: Record<string, string>;
  body: string;
}

export function parseHttpCapture(text: string): HttpCapture | null {
  const match = /\r?\n\r?\n/.exec(text);
  if (match === null) return null;
  const head = text.slice(0, match.index);
  const body = text.slice(match.index + match[0].length);
  const headers: Record<string, string> = {};
  const lines = head.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (index === 0 && /^[A-Z]+ \S+(?: HTTP\/[\d.]+)?$/.test(line.trim())) continue;
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) return null;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}
