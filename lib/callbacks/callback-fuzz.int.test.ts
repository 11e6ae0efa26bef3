/**
 * Hostile deliveries at the callback door, each sent unsigned (or wrongly signed) and signed with the
 * alert key: whatever arrives, the answer is a 4xx (or a 2xx `duplicate` of the alert already
 * applied), never a 5xx, and no application or status event changes. Cases come from a seeded PRNG,
 * so a failure names a case that reproduces.
 */
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { DEFAULT_SIGNATURE_PROFILE, prepareVerificationKey, signAlert } from "@/lib/highhelp";
import { executeRows } from "@/lib/server/sql";
import { ALERT_PRIVATE_PEM, ALERT_PUBLIC_PEM, MERCHANT_PRIVATE_PEM, seededRandom } from "@/test/highhelp";
import { KZ_PAYIN_ALERT_AWAITING_CONFIRM } from "@/test/highhelp/samples";
import { handleCallbackRequest, MAX_CALLBACK_BYTES, type CallbackContext } from "./receive-callback";

const PROJECT = "57aff4db-b45d-42bf-bc5f-b7a499a01782";
const PAYMENT = "FUZZ-1";
const SEED = 0x13c0ffee;

type Json = Record<string, unknown>;

/** A complete informative alert (requisites, instructions, URLs): a duplicate of it has nothing left to fill in. */
const BASE: Json = {
  ...structuredClone(KZ_PAYIN_ALERT_AWAITING_CONFIRM),
  project_id: PROJECT,
  general: { request_id: "16a10539-fcb3-4ff5-a3e2-86625a2dc3d3", payment_id: PAYMENT },
};

interface HostileCase {
  name: string;
  body: string | Uint8Array;
  contentType?: string | null;
  kind?: string;
}

/** A copy of BASE with the value at `path` (dotted) replaced, or removed when `value` is undefined. */
function withValue(path: string, value: unknown): Json {
  const copy = structuredClone(BASE);
  const keys = path.split(".");
  let parent = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

const STRING_FIELDS = [
  "project_id",
  "general.request_id",
  "general.payment_id",
  "status.status",
  "status.sub_status",
  "status.status_description",
  "payment_info.currency",
  "payment_info.method",
  "payment_info.payment_system",
  "payment_info.widget_method",
  "payment_info.type",
  "recipient_requisites.pan",
  "recipient_requisites.card_holder",
  "recipient_requisites.bank_name",
  "recipient_requisites.currency",
  "integration.form_url",
  "integration.redirect_url",
  "additional_info.display_data.0.title",
  "additional_info.display_data.1.data",
];
const AMOUNT_FIELDS = ["payment_info.amount", "payment_info.old_amount", "payment_info.initial_amount"];
const DATE_FIELDS = ["payment_info.created_date", "payment_info.updated_date", "payment_info.expiration_date"];
const BAD_AMOUNTS = [0, -1, -10_000, 10 ** 13 + 1, 2 ** 53, 1e300, 100.5, 0.001, -0.5];
const BAD_DATES = [0, -1, 2 ** 32, 10 ** 13, 1_721_647_251_000, 1e300, 1.5, -(2 ** 40)];
const BAD_LIFETIMES = [-1, 86_401, 2 ** 31, 2 ** 53, 1e300, 0.5];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function nested(levels: number, array: boolean, leaf = "1"): string {
  return array ? "[".repeat(levels) + leaf + "]".repeat(levels) : '{"a":'.repeat(levels) + leaf + "}".repeat(levels);
}

/** BASE with a `padding` field filled with `unit` so that the whole JSON is `bytes` long (± one unit). */
function padded(bytes: number, unit = "x"): string {
  const empty = JSON.stringify({ ...BASE, padding: "" });
  const unitBytes = Buffer.byteLength(unit, "utf8");
  const count = Math.max(0, Math.floor((bytes - Buffer.byteLength(empty, "utf8")) / unitBytes));
  let text = JSON.stringify({ ...BASE, padding: unit.repeat(count) });
  while (Buffer.byteLength(text, "utf8") < bytes) text = text.replace('"padding":"', '"padding":"x');
  return text;
}

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const le = Buffer.from((bom ? "\uFEFF" : "") + text, "utf16le");
  if (bigEndian) le.swap16();
  return new Uint8Array(le);
}

/** `text` as UTF-8 with raw `inserted` bytes right after the first `marker`. */
function bytesWith(text: string, marker: string, inserted: number[]): Uint8Array {
  const at = text.indexOf(marker) + marker.length;
  return new Uint8Array(Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(inserted), Buffer.from(text.slice(at))]));
}

function hostileCases(rng: () => number): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (name: string, body: string | Uint8Array, extra: Partial<HostileCase> = {}) => cases.push({ name, body, ...extra });
  const json = (value: unknown) => JSON.stringify(value);
  const base = json(BASE);

  for (const text of ['"just a string"', "12345", "null", "true", "[]", "[1,2,3]", '""', "", "   ", "{", '{"a":1', "[{}]"]) {
    add(`non-object JSON ${JSON.stringify(text)}`, text);
  }

  for (const levels of [65, 100, 1000, 5000, 10_000]) {
    add(`${levels} nested objects`, nested(levels, false));
    add(`${levels} nested arrays`, nested(levels, true));
  }
  add("an alert with 70 nested arrays in an extra field", base.replace(/}$/, `,"extra":${nested(70, true)}}`));
  add(
    "an alert with 10000 nested objects in payment_info",
    base.replace('"payment_info":{', `"payment_info":{"deep":${nested(10_000, false)},`),
  );

  add("a body of 64 KiB - 1 byte", padded(MAX_CALLBACK_BYTES - 1));
  add("a body of exactly 64 KiB", padded(MAX_CALLBACK_BYTES));
  add("a body of 64 KiB + 1 byte", padded(MAX_CALLBACK_BYTES + 1));
  add("a body of 64 KiB of two-byte characters, one byte over", padded(MAX_CALLBACK_BYTES + 1, "Ж"));
  add("a body of 1 MiB", padded(1024 * 1024));

  add("invalid UTF-8: a 0xFF byte in a string", bytesWith(base, "Alex Johnson", [0x41, 0xff, 0x42]));
  add("invalid UTF-8: a truncated two-byte sequence", bytesWith(base, "kaspi-kzt", [0xd0]));
  add("invalid UTF-8: an overlong slash", bytesWith(base, "kaspi-kzt", [0xc0, 0xaf]));
  add("invalid UTF-8: an encoded lone surrogate", bytesWith(base, "Alex Johnson", [0xed, 0xa0, 0x80]));
  add("invalid UTF-8: a byte between tokens", bytesWith(base, '"status":', [0x80]));

  add("a raw NUL byte inside a string", bytesWith(base, "Alex Johnson", [0x41, 0x00, 0x42]));
  add("a raw NUL byte between tokens", bytesWith(base, '"status":', [0x00]));
  add("a raw NUL byte after the body", new Uint8Array(Buffer.concat([Buffer.from(base), Buffer.from([0])])));

  add("UTF-16LE", utf16(base, false, false), { contentType: "application/json; charset=utf-16le" });
  add("UTF-16BE with a BOM", utf16(base, true, true), { contentType: "application/json; charset=utf-16" });
  add("UTF-16LE with a BOM", utf16(base, false, true));

  for (const field of STRING_FIELDS) {
    for (const escape of ["\\u0000", "\\ud800", "\\udfff"]) {
      const value = JSON.parse(`"ab${escape}cd"`) as string;
      add(`${escape} in ${field}`, json(withValue(field, value)));
    }
  }
  add("\\u0000 in an unknown field's key", base.replace(/}$/, ',"ke\\u0000y":1}'));
  add("a lone surrogate in an unknown nested field", base.replace(/}$/, ',"extra":{"list":["ok","\\udc00"]}}'));

  const number = (field: string, values: readonly number[]) => {
    const value = pick(rng, values);
    add(`${field} = ${value}`, json(withValue(field, value)));
  };
  for (const field of AMOUNT_FIELDS) for (let i = 0; i < 3; i++) number(field, BAD_AMOUNTS);
  for (const field of DATE_FIELDS) for (let i = 0; i < 3; i++) number(field, BAD_DATES);
  for (let i = 0; i < 3; i++) number("payment_info.lifetime", BAD_LIFETIMES);
  add("payment_info.amount = 12345678901234567890 (beyond 2^53)", base.replace('"amount":7000', '"amount":12345678901234567890'));
  add("payment_info.amount = 1e400", base.replace('"amount":7000', '"amount":1e400'));
  add('payment_info.amount = "7000"', json(withValue("payment_info.amount", "7000")));
  add("additional_info valid_until = 1e13", json(withValue("additional_info.display_data.3.data", 10 ** 13)));
  add(
    "a final success for amount 0",
    json({ ...withValue("payment_info.amount", 0), status: { status: "success", sub_status: null } }),
    {
      kind: "success",
    },
  );

  for (const status of ["refunded", "", "SUCCESS", "processing ", null, 5, { status: "success" }]) {
    add(`status.status = ${JSON.stringify(status)}`, json(withValue("status.status", status)));
  }
  add("status is a string", json(withValue("status", "success")));

  add("__proto__ at the root", base.replace("{", '{"__proto__":{"polluted":true},'));
  add("__proto__ in payment_info", base.replace('"payment_info":{', '"payment_info":{"__proto__":{"amount":0},'));
  add("__proto__ in general", base.replace('"general":{', '"general":{"__proto__":{"payment_id":"OTHER"},'));
  add(
    "constructor.prototype at the root, with a bad amount",
    json({ ...withValue("payment_info.amount", 0), constructor: { prototype: { polluted: 1 } } }),
  );

  for (const field of STRING_FIELDS) {
    const length = pick(rng, [256, 2049, 2800, 10_000, 60_000]);
    const filler = pick(rng, ["a", "Ж", "😀"]);
    add(`${field} of ${length} × ${filler}`, json(withValue(field, filler.repeat(length))));
  }
  add("currency of 60,000 characters", json(withValue("payment_info.currency", "X".repeat(60_000))));

  add("another project", json(withValue("project_id", "someone-else")));
  add("another project (a UUID)", json(withValue("project_id", crypto.randomUUID())));

  for (const field of [
    "project_id",
    "general",
    "general.payment_id",
    "general.request_id",
    "status",
    "status.status",
    "payment_info",
  ]) {
    add(`missing ${field}`, json(withValue(field, undefined)));
  }
  add("an empty object", "{}");

  add("duplicate amount keys, the last one 0", base.replace('"amount":7000', '"amount":7000,"amount":0'));
  add(
    "duplicate status keys, the last one unknown",
    base.replace('"status":{', '"status":{"status":"success","status":"refunded",'),
  );
  add(
    "duplicate project keys, the last one foreign",
    base.replace("{", '{"project_id":"x",').replace(/}$/, ',"project_id":"other"}'),
  );
  add(
    "duplicate payment keys, the last one too long",
    base.replace(`"payment_id":"${PAYMENT}"`, `"payment_id":"${PAYMENT}","payment_id":"${"p".repeat(300)}"`),
  );
  add(
    "duplicate keys, the last one the original (a duplicate alert)",
    base.replace(`"payment_id":"${PAYMENT}"`, `"payment_id":"OTHER-1","payment_id":"${PAYMENT}"`),
  );

  for (const contentType of [
    null,
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/json; charset=utf-16",
  ]) {
    add(`content type ${String(contentType)} (the applied alert again)`, base, { contentType });
  }
  add("a form-encoded body", "project_id=x&payment_id=y", { contentType: "application/x-www-form-urlencoded" });
  add("an XML body", "<alert><project_id>x</project_id></alert>", { contentType: "application/xml" });

  return cases;
}

type Mode = "no signature" | "another key's signature" | "stale signature" | "garbage signature" | "signed";

function textBytes(body: string | Uint8Array): ArrayBuffer {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function textOf(body: string | Uint8Array): string {
  return typeof body === "string" ? body : Buffer.from(body).toString("utf8");
}

/** Headers for `mode`. "signed" signs what the receiver will parse; a body that cannot be signed gets an RSA signature over its text. */
function signatureHeaders(body: string | Uint8Array, mode: Mode): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  if (mode === "no signature") return {};
  if (mode === "garbage signature") return { "x-access-signature": "not base64!", "x-access-timestamp": String(now) };
  const privateKey = mode === "another key's signature" ? MERCHANT_PRIVATE_PEM : ALERT_PRIVATE_PEM;
  const timestamp = mode === "stale signature" ? now - 3600 : now;
  try {
    const parsed = JSON.parse(textOf(body)) as unknown;
    const { headers } = signAlert({ body: parsed, timestamp, key: { kind: "rsa", privateKey } });
    return { "x-access-signature": headers["x-access-signature"]!, "x-access-timestamp": headers["x-access-timestamp"]! };
  } catch {
    const signature = crypto
      .sign("sha256", typeof body === "string" ? Buffer.from(body) : body, privateKey)
      .toString("base64url");
    return { "x-access-signature": signature, "x-access-timestamp": String(timestamp) };
  }
}

function request(hostile: HostileCase, mode: Mode): Request {
  const headers = new Headers(signatureHeaders(hostile.body, mode));
  const contentType = hostile.contentType === undefined ? "application/json" : hostile.contentType;
  if (contentType !== null) headers.set("content-type", contentType);
  // A Uint8Array body gets no implicit content type, a string one would.
  const body: BodyInit =
    typeof hostile.body === "string" && contentType !== null ? hostile.body : new Uint8Array(textBytes(hostile.body));
  return new Request(`http://app.test/api/highhelp/callback/${hostile.kind ?? "intermediate"}`, {
    method: "POST",
    headers,
    body,
  });
}

const UNSIGNED_MODES: Mode[] = ["no signature", "another key's signature", "stale signature", "garbage signature"];

describe.each(testDatabaseKinds())("hostile callback deliveries on %s", (kind) => {
  let database: TestDatabase;
  let ctx: CallbackContext;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ctx = {
      db: database.db,
      projectId: PROJECT,
      alertKeys: [prepareVerificationKey({ kind: "rsa", publicKey: ALERT_PUBLIC_PEM })],
      profile: DEFAULT_SIGNATURE_PROFILE,
    };
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function post(req: Request) {
    const response = await handleCallbackRequest(ctx, req, [new URL(req.url).pathname.split("/").pop()!]);
    const text = await response.text();
    return { status: response.status, text };
  }

  async function snapshot() {
    const apps = await executeRows(database.db, sql`select * from applications order by id`);
    const events = await executeRows(database.db, sql`select * from status_events order by id`);
    return JSON.stringify({ apps, events });
  }

  it("answers every hostile delivery, signed or not, with a 4xx (or a 2xx duplicate) and changes nothing", async () => {
    const applied = await post(request({ name: "the valid alert", body: JSON.stringify(BASE) }, "signed"));
    expect(applied).toMatchObject({ status: 200 });
    expect(JSON.parse(applied.text)).toEqual({ ok: true, outcome: "applied" });
    const before = await snapshot();

    const rng = seededRandom(SEED);
    const cases = hostileCases(rng);
    const violations: string[] = [];
    let sent = 0;
    for (const hostile of cases) {
      for (const mode of [pick(rng, UNSIGNED_MODES), "signed"] as Mode[]) {
        const answer = await post(request(hostile, mode));
        sent++;
        const duplicate = answer.status === 200 && (JSON.parse(answer.text) as { outcome?: string }).outcome === "duplicate";
        const refused = answer.status >= 400 && answer.status < 500;
        if (!refused && !duplicate) violations.push(`${hostile.name} [${mode}] → ${answer.status} ${answer.text.slice(0, 200)}`);
        if (mode !== "signed" && answer.status < 300)
          violations.push(`${hostile.name} [${mode}] → accepted without a valid signature`);
      }
    }
    expect(sent).toBeGreaterThanOrEqual(200);
    expect(violations).toEqual([]);
    expect(await snapshot()).toBe(before);
    const [alive] = await executeRows<{ one: unknown }>(database.db, sql`select 1 as one`);
    expect(Number(alive?.one)).toBe(1);
  });
});
