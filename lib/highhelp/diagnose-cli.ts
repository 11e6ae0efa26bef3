/** Argument handling and output of `npm run highhelp:diagnose-signature` (scripts/ops/diagnose-signature.ts). */
import "server-only";
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";

import { diagnoseSignature, parseHttpCapture, type DiagnoseMatch } from "./diagnose";
import { HEADER_SIGNATURE, HEADER_TIMESTAMP } from "./signer";
import { allSignatureProfiles, DEFAULT_SIGNATURE_PROFILE, formatSignatureProfile } from "./signature-profile";
import type { VerificationKey } from "./verify";

export const DIAGNOSE_USAGE = `Usage: npm run highhelp:diagnose-signature -- <alert> <key> [--all]

Finds which signature profile verifies one captured HighHelp alert and prints
the HIGHHELP_SIGNATURE_PROFILE value for it. The timestamp window is not applied.

Alert (one of):
  --request <file>              raw HTTP request capture: optional request line, headers,
                                blank line, body
  --body <file>                 the body exactly as received, with
    --signature <S> --timestamp <T>     the x-access-signature / x-access-timestamp values
    or --headers <headers.json>         a JSON object of the request headers
  --quarantine <id>             a refused delivery kept in callback_quarantine (the app's
                                database; with embedded PGlite, stop the app first). Only
                                bodies of at most 2 KiB are kept whole; capture larger ones.
Key (one of):
  --rsa-public-key <file.pem>   HighHelp alert public key (API → Callback settings)
  --hmac-key-file <file.txt>    hmac_callback_key_<id>.txt
Options:
  --all                         list every profile tried, not only those that verify
  --help                        this text

Exit code: 0 a profile verifies, 1 none does, 2 usage error.`;

/** A row of `callback_quarantine`, as the script reads it for `--quarantine`. */
export interface QuarantinedAlert {
  bodyHead: string;
  bodyBytes: number;
  bodySha256: string;
  signatureHeader: string | null;
  headers: Record<string, unknown> | null;
}

export interface DiagnoseCliIo {
  readFile(path: string): string;
  /** The quarantined delivery with this id, loaded beforehand by the script; undefined when there is none. */
  quarantined?(id: number): QuarantinedAlert | undefined;
  out(line: string): void;
  err(line: string): void;
  nowSeconds?: number;
}

class UsageError extends Error {}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

function read(io: DiagnoseCliIo, path: string, what: string): string {
  try {
    return io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface Alert {
  rawBody: string;
  signature: string;
  timestamp: string;
}

function loadAlert(values: Record<string, string | boolean | undefined>, io: DiagnoseCliIo): Alert {
  const str = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  let headers: Record<string, unknown> = {};
  let rawBody: string;
  const request = str("request");
  const bodyFile = str("body");
  const quarantine = str("quarantine");
  if ([request, bodyFile, quarantine].filter((v) => v !== undefined).length !== 1) {
    throw new UsageError("give exactly one of --request, --body or --quarantine");
  }
  if (quarantine !== undefined) {
    const id = /^\d{1,15}$/.test(quarantine) ? Number(quarantine) : NaN;
    const row = Number.isFinite(id) ? io.quarantined?.(id) : undefined;
    if (row === undefined) throw new UsageError(`no quarantined delivery ${quarantine}`);
    if (createHash("sha256").update(row.bodyHead, "utf8").digest("hex") !== row.bodySha256) {
      throw new UsageError(
        `quarantined delivery ${quarantine} keeps only the first 2 KiB of its ${row.bodyBytes}-byte body; capture the full request instead`,
      );
    }
    headers = { ...(row.headers ?? {}), ...(row.signatureHeader === null ? {} : { [HEADER_SIGNATURE]: row.signatureHeader }) };
    rawBody = row.bodyHead;
  } else if (request !== undefined) {
    const capture = parseHttpCapture(read(io, request, "request capture"));
    if (capture === null) throw new UsageError("the request capture needs headers, a blank line, then the body");
    headers = capture.headers;
    rawBody = capture.body;
  } else {
    rawBody = read(io, bodyFile ?? "", "body");
  }
  const headersFile = str("headers");
  if (headersFile !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(read(io, headersFile, "headers file"));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError("--headers must be a JSON object of header names to values");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new UsageError("--headers must be a JSON object of header names to values");
    }
    headers = { ...headers, ...(parsed as Record<string, unknown>) };
  }
  const signature = str("signature") ?? headerValue(headers, HEADER_SIGNATURE);
  const timestamp = str("timestamp") ?? headerValue(headers, HEADER_TIMESTAMP);
  if (signature === undefined) throw new UsageError(`no signature: give --signature or a ${HEADER_SIGNATURE} header`);
  if (timestamp === undefined) throw new UsageError(`no timestamp: give --timestamp or a ${HEADER_TIMESTAMP} header`);
  return { rawBody, signature, timestamp };
}

function loadKey(
  values: Record<string, string | boolean | undefined>,
  io: DiagnoseCliIo,
): { key: VerificationKey; label: string } {
  const rsa = typeof values["rsa-public-key"] === "string" ? values["rsa-public-key"] : undefined;
  const hmac = typeof values["hmac-key-file"] === "string" ? values["hmac-key-file"] : undefined;
  if ((rsa === undefined) === (hmac === undefined)) {
    throw new UsageError("give exactly one of --rsa-public-key or --hmac-key-file");
  }
  if (rsa !== undefined) {
    return { key: { kind: "rsa", publicKey: read(io, rsa, "RSA public key") }, label: `RSA public key from ${rsa}` };
  }
  const secret = read(io, hmac ?? "", "HMAC key file");
  if (secret.trim() === "") throw new UsageError("the HMAC key file is empty");
  return { key: { kind: "hmac", secret }, label: `HMAC key from ${hmac ?? ""}` };
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

function profileRow(match: Pick<DiagnoseMatch, "profile">, verifies: string, extra: string): string[] {
  const p = match.profile;
  return [
    p.booleans,
    p.nullText === "" ? "empty" : p.nullText,
    p.hashing,
    p.messagePadding ? "yes" : "no",
    p.signatureEncoding,
    verifies,
    extra,
  ];
}

const HEADER_ROW = ["booleans", "null", "hash", "padding", "signature", "verifies", "key"];

/** Runs the command; returns the exit code. Never prints key material. */
export function runDiagnoseCli(argv: string[], io: DiagnoseCliIo): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        request: { type: "string" },
        body: { type: "string" },
        signature: { type: "string" },
        timestamp: { type: "string" },
        headers: { type: "string" },
        quarantine: { type: "string" },
        "rsa-public-key": { type: "string" },
        "hmac-key-file": { type: "string" },
        all: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    io.err(DIAGNOSE_USAGE);
    return 2;
  }
  if (values.help === true) {
    io.out(DIAGNOSE_USAGE);
    return 0;
  }

  let alert: Alert;
  let key: { key: VerificationKey; label: string };
  try {
    alert = loadAlert(values, io);
    key = loadKey(values, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`error: ${error.message}`);
    io.err("Run with --help for usage.");
    return 2;
  }

  let report: ReturnType<typeof diagnoseSignature>;
  try {
    report = diagnoseSignature({ ...alert, key: key.key, nowSeconds: io.nowSeconds });
  } catch (error) {
    // Only a key that does not parse gets here; the message names no key material.
    io.err(`error: the key could not be used (${error instanceof Error ? error.message : String(error)})`);
    return 2;
  }
  if (!report.ok) {
    io.err(`error: ${report.error}: ${report.detail}`);
    return 2;
  }

  io.out("HighHelp alert signature diagnosis");
  io.out("Timestamp tolerance is NOT applied: any age is accepted for this diagnosis.");
  io.out(`Key: ${key.label}`);
  io.out(
    `Body: ${Buffer.byteLength(alert.rawBody, "utf8")} bytes; timestamp ${alert.timestamp}${
      report.driftSeconds === undefined ? "" : ` (${report.driftSeconds} s ago)`
    }`,
  );
  io.out(`Profiles tried: ${report.tried}; verifying: ${report.matches.length}`);
  io.out("");

  if (values.all === true) {
    const verified = new Set(report.matches.map((m) => `${m.profileString}|${m.keyVariant}`));
    const rows = [HEADER_ROW, ...allTriedRows(verified, key.key.kind === "hmac")];
    for (const line of table(rows)) io.out(line);
    io.out("");
  } else if (report.matches.length > 0) {
    const rows = [HEADER_ROW, ...report.matches.map((m) => profileRow(m, "yes", m.keyVariant))];
    for (const line of table(rows)) io.out(line);
    io.out("");
  }

  for (const note of report.notes) io.out(`Note: ${note}`);
  if (report.recommended === undefined || report.envLine === undefined) {
    io.out("No profile verifies this alert. Check that the key is this cash register's alert key");
    io.out("(API → Callback settings), that the body is byte-exact as received, and that the");
    io.out("signature and timestamp come from the same alert.");
    return 1;
  }
  io.out("");
  io.out("Configure with:");
  io.out(`  ${report.envLine}`);
  if (report.recommended.keyVariant !== "as given") {
    io.out("  (and remove the trailing whitespace / newline from the HMAC key)");
  }
  return 0;
}

/** Every combination tried, with its outcome. */
function allTriedRows(verified: Set<string>, hmac: boolean): string[][] {
  const rows: string[][] = [];
  for (const profile of allSignatureProfiles()) {
    if (hmac && profile.hashing !== DEFAULT_SIGNATURE_PROFILE.hashing) continue;
    const asGiven = verified.has(`${formatSignatureProfile(profile)}|as given`);
    const trimmed = verified.has(`${formatSignatureProfile(profile)}|trailing whitespace trimmed`);
    rows.push(
      profileRow(
        { profile },
        asGiven || trimmed ? "yes" : "no",
        asGiven ? "as given" : trimmed ? "trailing whitespace trimmed" : "",
      ),
    );
  }
  return rows;
}
