/**
 * npm run bench:signer [-- --seconds 2]
 * Sign / verify throughput of the HighHelp signer on a ~1.5 KB alert-like body, next to bare
 * node:crypto RSA-SHA256 on the same message bytes with the same key, in the same run.
 */
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { parseArgs } from "node:util";

import {
  createHighHelpSigner,
  decodeSignature,
  prepareVerificationKey,
  signingMessage,
  verifyAlertSignature,
  verifyMessageSignature,
} from "@/lib/highhelp";
import { KZ_PAYIN_ALERT_AWAITING_CONFIRM } from "@/test/highhelp/samples";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "2" } } });
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds <= 0) {
  process.stderr.write("--seconds must be a positive number\n");
  process.exit(2);
}

// The documentation's awaiting_confirm alert (Kazakhstan sample), with a Cyrillic holder and a boolean: ~1.5 KB.
const cyrillicHolder = "Алексей Джонсон";
const body = {
  ...KZ_PAYIN_ALERT_AWAITING_CONFIRM,
  recipient_requisites: { ...KZ_PAYIN_ALERT_AWAITING_CONFIRM.recipient_requisites, card_holder: cyrillicHolder },
  additional_info: {
    display_data: KZ_PAYIN_ALERT_AWAITING_CONFIRM.additional_info.display_data.map((item) =>
      item.title === "recipient_card_holder" ? { ...item, data: cyrillicHolder } : item,
    ),
  },
  flags: { is_test: false },
};
const rawBody = JSON.stringify(body);
const timestamp = 1721647251;

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signer = createHighHelpSigner({ merchantId: body.project_id, key: { kind: "rsa", privateKey } });
const verificationKey = prepareVerificationKey({ kind: "rsa", publicKey });

const message = signingMessage(body, timestamp);
const messageBytes = Buffer.from(message, "utf8");
const ourSignature = signer.sign(body, timestamp);
const rawSignature = sign("sha256", messageBytes, privateKey);
const timestampText = String(timestamp);

// Sanity: both sides do what they claim before being timed.
const sanity = verifyAlertSignature({
  rawBody,
  signature: ourSignature,
  timestamp: timestampText,
  key: verificationKey,
  nowSeconds: timestamp,
});
if (
  !sanity.ok ||
  !verify("sha256", messageBytes, publicKey, rawSignature) ||
  decodeSignature(ourSignature, "base64url") === null
) {
  throw new Error("bench setup does not verify");
}

interface Case {
  name: string;
  run: () => unknown;
  ops: number;
  ns: number;
}

let sink: unknown;
const cases: Case[] = [
  { name: "sign  ours (normalise + SHA-256 + RSA, Base64Url)", run: () => signer.sign(body, timestamp), ops: 0, ns: 0 },
  { name: "sign  raw crypto.sign(sha256, message bytes)", run: () => sign("sha256", messageBytes, privateKey), ops: 0, ns: 0 },
  {
    name: "verify ours verifyAlertSignature(raw text)",
    run: () =>
      verifyAlertSignature({
        rawBody,
        signature: ourSignature,
        timestamp: timestampText,
        key: verificationKey,
        nowSeconds: timestamp,
      }),
    ops: 0,
    ns: 0,
  },
  {
    name: "verify ours, parsed body (normalise + verify, no JSON.parse)",
    run: () => {
      const bytes = decodeSignature(ourSignature, "base64url");
      return bytes !== null && verifyMessageSignature(signingMessage(body, timestampText), bytes, verificationKey);
    },
    ops: 0,
    ns: 0,
  },
  {
    name: "verify raw crypto.verify(sha256, message bytes)",
    run: () => verify("sha256", messageBytes, publicKey, rawSignature),
    ops: 0,
    ns: 0,
  },
];

function measure(c: Case, ms: number): void {
  const until = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  const start = process.hrtime.bigint();
  let ops = 0;
  let now = start;
  while (now < until) {
    for (let i = 0; i < 16; i++) sink = c.run();
    ops += 16;
    now = process.hrtime.bigint();
  }
  c.ops += ops;
  c.ns += Number(now - start);
}

// Warm-up, then interleaved rounds so drift (turbo, other load) hits every case alike.
for (const c of cases) measure(c, 100);
for (const c of cases) {
  c.ops = 0;
  c.ns = 0;
}
const rounds = 20;
for (let r = 0; r < rounds; r++) for (const c of cases) measure(c, (seconds * 1000) / rounds);
void sink;

const perSecond = (c: Case) => (c.ops / c.ns) * 1e9;
const [signOurs, signRaw, verifyOurs, verifyCore, verifyRaw] = cases.map(perSecond) as [number, number, number, number, number];

const rows = cases.map((c) => [c.name, perSecond(c).toFixed(0), (c.ns / c.ops / 1000).toFixed(1)]);
const header = ["case", "ops/s", "µs/op"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");

process.stdout.write(
  `HighHelp signer bench: body ${Buffer.byteLength(rawBody)} bytes, RSA-2048, ${seconds} s per case, Node ${process.version}\n\n`,
);
process.stdout.write(`${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
for (const row of rows) process.stdout.write(`${line(row)}\n`);
process.stdout.write(`\nratio sign   ours/raw = ${(signOurs / signRaw).toFixed(3)}\n`);
process.stdout.write(`ratio verify ours/raw = ${(verifyOurs / verifyRaw).toFixed(3)} (raw alert text, incl. JSON.parse)\n`);
process.stdout.write(`ratio verify core/raw = ${(verifyCore / verifyRaw).toFixed(3)} (parsed body)\n`);
