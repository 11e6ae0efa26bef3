import path from "node:path";

import { DEFAULT_SIGNATURE_PROFILE, parseSignatureProfile, type SignatureProfile } from "@/lib/highhelp";

import { parseFaultSpec, type FaultSet } from "./faults";

export const DEFAULT_SANDBOX_PORT = 4010;
export const DEFAULT_STEP_MS = 2_000;
/** Retries after a failed first attempt: 8 attempts in all. */
export const DEFAULT_CALLBACK_RETRIES = 7;
export const DEFAULT_CALLBACK_BACKOFF_MS = 1_000;
export const MAX_CALLBACK_BACKOFF_MS = 60_000;
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5_000;
/** 10 000 000.00 in minor units, for each currency of each cash register (its own book). */
export const DEFAULT_START_BALANCE = 1_000_000_000;

export interface SandboxOptions {
  /** Default 4010; 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1: the sandbox is never reachable from other machines. */
  host?: string;
  /** Keys in `<dataDir>/sandbox/keys.json`, state in `<dataDir>/sandbox/state.json`. */
  dataDir: string;
  /** Delay between automatic lifecycle steps. */
  stepMs?: number;
  /** Callback retries after a failed first attempt. */
  callbackRetries?: number;
  /** First retry delay; doubles each retry, capped at 60 s. */
  callbackBackoffMs?: number;
  /** Per delivery attempt. */
  callbackTimeoutMs?: number;
  /** Faults for every application of this run (SANDBOX_FAULTS syntax or a parsed set). */
  faults?: FaultSet | string;
  /** Must match the app's HIGHHELP_SIGNATURE_PROFILE (default: docs/highhelp-decisions.md#signature-profile). */
  signatureProfile?: SignatureProfile;
  /**
   * Starting balance per currency, minor units, for every cash register's own book (each starts with
   * its own currencies); a currency not named here starts at DEFAULT_START_BALANCE.
   */
  startBalances?: Readonly<Record<string, number>>;
  /** One line per request / delivery; default console.log. Never receives keys or signatures. */
  log?: (line: string) => void;
}

export class SandboxConfigError extends Error {
  override name = "SandboxConfigError";
}

function wholeNumber(
  source: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = source[name]?.trim() ?? "";
  if (raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`  ${name}: must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return Number(raw);
}

/**
 * The sandbox's configuration from an environment (sandbox/main.ts passes process.env).
 * Every variable is optional; a wrong one throws a SandboxConfigError naming it.
 */
export function sandboxOptionsFromEnv(source: Record<string, string | undefined>, cwd = process.cwd()): SandboxOptions {
  const problems: string[] = [];
  const port = wholeNumber(source, "SANDBOX_PORT", DEFAULT_SANDBOX_PORT, 0, 65_535, problems);
  const stepMs = wholeNumber(source, "SANDBOX_STEP_MS", DEFAULT_STEP_MS, 1, 3_600_000, problems);
  const callbackRetries = wholeNumber(source, "SANDBOX_CALLBACK_RETRIES", DEFAULT_CALLBACK_RETRIES, 0, 100, problems);
  const callbackBackoffMs = wholeNumber(
    source,
    "SANDBOX_CALLBACK_BACKOFF_MS",
    DEFAULT_CALLBACK_BACKOFF_MS,
    1,
    MAX_CALLBACK_BACKOFF_MS,
    problems,
  );
  const callbackTimeoutMs = wholeNumber(source, "SANDBOX_CALLBACK_TIMEOUT_MS", DEFAULT_CALLBACK_TIMEOUT_MS, 1, 120_000, problems);

  let faults: FaultSet = {};
  const faultText = source.SANDBOX_FAULTS?.trim() ?? "";
  if (faultText !== "") {
    const parsed = parseFaultSpec(faultText);
    if (parsed.ok) faults = parsed.faults;
    else problems.push(`  SANDBOX_FAULTS: ${parsed.error}`);
  }

  let signatureProfile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE;
  // Follows the app's profile unless told otherwise, so the two cannot drift apart.
  const profileText = (source.SANDBOX_SIGNATURE_PROFILE ?? source.HIGHHELP_SIGNATURE_PROFILE)?.trim() ?? "";
  if (profileText !== "") {
    const parsed = parseSignatureProfile(profileText);
    if (parsed.ok) signatureProfile = parsed.profile;
    else problems.push(`  SANDBOX_SIGNATURE_PROFILE: ${parsed.error}`);
  }

  if (problems.length > 0) {
    throw new SandboxConfigError(`Invalid sandbox configuration:\n${problems.join("\n")}`);
  }
  const dataDirText = source.DATA_DIR?.trim() ?? "";
  return {
    port,
    // Same resolution as lib/server/env.ts, so the app and the sandbox share <DATA_DIR>/sandbox/keys.json.
    dataDir: path.resolve(cwd, dataDirText === "" ? ".data" : dataDirText),
    stepMs,
    callbackRetries,
    callbackBackoffMs,
    callbackTimeoutMs,
    faults,
    signatureProfile,
  };
}
