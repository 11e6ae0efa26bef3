import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, auditLog, registers } from "@/drizzle/schema";
import { handleRegisterCallback } from "@/lib/callbacks/receive-callback";
import { DEFAULT_SIGNATURE_PROFILE, signAlert, type SigningKey } from "@/lib/highhelp";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db-open";
import { AppError } from "@/lib/server/errors";
import { createGatewayRegistry, type GatewayBuildOptions, type GatewayRegistry } from "@/lib/server/gateway";
import { executeRows } from "@/lib/server/sql";
import { ALERT_PRIVATE_PEM, ALERT_PUBLIC_PEM, MERCHANT_PRIVATE_PEM, MERCHANT_PUBLIC_PEM } from "@/test/highhelp";
import { payinAlertBody } from "@/test/highhelp/samples";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { PROJECT_ID, SECOND_REGISTER, startTestSandbox, waitUntil, type TestSandbox } from "@/sandbox/testing/support";
import {
  addAlertKey,
  bootstrapRegisters,
  createRegister,
  deleteRegister,
  retireAlertKey,
  setRegisterStatus,
  syncSandboxRegisterKeys,
  type RegisterSeed,
} from "./commands";
import { loadRegisterMaterial } from "./material";
import { listRegisters } from "./queries";
import { reencryptSecrets } from "./reencrypt";
import { createSecretBox, type SecretBox } from "./secret-box";

/*
 * Cash registers end to end: two registers (one signing requests with RSA, one with HMAC) against
 * the sandbox, each register's callback URL verifying with its own alert keys, rotation, secrets
 * never stored in clear, tampering and a master key rotation.
 */

const actor = { userId: null, email: "admin@registers.test" };
const REQUEST_SECRET = (SECOND_REGISTER.request as { secret: string }).secret;
const ALERT_SECRET = (SECOND_REGISTER.alert as { secret: string }).secret;
const NEW_ALERT_PAIR = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = (key: crypto.KeyObject, type: "pkcs8" | "spki") => key.export({ type, format: "pem" }).toString();

/** Register A (the sandbox's first): RSA both ways. Register B (its second): HMAC both ways. */
function seedA(): RegisterSeed {
  return {
    name: "Kazakhstan KZT",
    projectId: PROJECT_ID,
    apiUrl: "https://api.highhelp.invalid",
    requestAlgorithm: "rsa",
    requestKey: MERCHANT_PRIVATE_PEM,
    alertAlgorithm: "rsa",
    alertKey: ALERT_PUBLIC_PEM,
    signatureProfile: null,
    currencies: ["KZT", "RUB"],
    methods: ["card-p2p"],
  };
}
function seedB(): RegisterSeed {
  return {
    name: "Kyrgyzstan KGS",
    projectId: SECOND_REGISTER.projectId,
    apiUrl: "https://api.highhelp.invalid",
    requestAlgorithm: "hmac",
    requestKey: REQUEST_SECRET,
    alertAlgorithm: "hmac",
    alertKey: ALERT_SECRET,
    signatureProfile: null,
    currencies: ["KGS"],
    methods: [],
  };
}

function options(sandboxUrl: string | null): GatewayBuildOptions {
  return {
    callbackBaseUrl: "https://app.test/api/highhelp/callback",
    sandboxApiUrl: sandboxUrl,
    defaultProfile: DEFAULT_SIGNATURE_PROFILE,
    timeoutMs: 2_000,
    defaultProjectId: PROJECT_ID,
  };
}

function alertRequest(projectId: string, paymentId: string, key: SigningKey): Request {
  const body = payinAlertBody(projectId, paymentId);
  const { headers } = signAlert({ body, timestamp: Math.floor(Date.now() / 1000), key, merchantId: projectId });
  return new Request("http://app.test/api/highhelp/callback", { method: "POST", headers, body: JSON.stringify(body) });
}

const A_ALERT: SigningKey = { kind: "rsa", privateKey: ALERT_PRIVATE_PEM };
const B_ALERT: SigningKey = { kind: "hmac", secret: ALERT_SECRET };

describe.each(testDatabaseKinds())("cash registers on %s", (kind) => {
  let database: TestDatabase;
  let sandbox: TestSandbox;
  let masterKey: Buffer;
  let box: SecretBox;
  let registry: GatewayRegistry;
  const ids = { a: 0, b: 0 };

  const newRegistry = (withBox: () => SecretBox, more: Partial<Parameters<typeof createGatewayRegistry>[0]> = {}) =>
    createGatewayRegistry({ db: async () => database.db, box: withBox, options: () => options(sandbox.sandbox.url), ...more });

  /** What the route handler does, with this test's registry. */
  async function deliver(segments: string[], request: Request, now?: Date) {
    const response = await handleRegisterCallback(
      database.db,
      { forCallbackToken: (t) => registry.forCallbackToken(t), forDefaultCallback: () => registry.forDefaultCallback() },
      request,
      segments,
      now,
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const tokenOf = async (projectId: string) =>
    (await listRegisters(database.db)).find((r) => r.projectId === projectId)!.callbackToken;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    sandbox = await startTestSandbox({ stepMs: 60_000, callbackRetries: 0 });
    masterKey = crypto.randomBytes(32);
    box = createSecretBox(masterKey);
    registry = newRegistry(() => box);
    ids.a = (await createRegister(database.db, seedA(), actor, { box })).id;
    ids.b = (await createRegister(database.db, seedB(), actor, { box })).id;
  });
  afterAll(async () => {
    await registry?.stop();
    await sandbox?.stop();
    await database?.drop();
  });

  it("signs each register's requests with its own key (RSA for one, HMAC for the other), as the sandbox checks", async () => {
    const [a, b] = await Promise.all([registry.forProject(PROJECT_ID), registry.forProject(SECOND_REGISTER.projectId)]);
    expect(a.apiUrl).toBe(sandbox.sandbox.url);
    expect((await a.client.balanceInfo()).ok).toBe(true);
    expect((await b.client.balanceInfo()).ok).toBe(true);
    // Each register's URLs go into its applications: the default one keeps the URLs without a token.
    expect(a.callbackUrls.merchant_success_callback_url).toBe("https://app.test/api/highhelp/callback/success");
    expect(b.callbackUrls.merchant_success_callback_url).toBe(
      `https://app.test/api/highhelp/callback/r/${await tokenOf(SECOND_REGISTER.projectId)}/success`,
    );
  });

  it("refuses a request of a register whose key the gateway does not know", async () => {
    const wrong = await createRegister(
      database.db,
      { ...seedB(), name: "Wrong key", projectId: SECOND_REGISTER.projectId.replace(/2$/, "9") },
      actor,
      { box },
    );
    const result = await (await registry.forProject(wrong.projectId)).client.balanceInfo();
    expect(result.ok).toBe(false);
    await deleteRegister(database.db, { registerId: wrong.id }, actor);
    await expect(registry.forProject(wrong.projectId)).rejects.toBeInstanceOf(AppError);
  });

  it("verifies an alert at its register's URL with that register's key only", async () => {
    const tokenA = await tokenOf(PROJECT_ID);
    const tokenB = await tokenOf(SECOND_REGISTER.projectId);
    expect(
      await deliver(["r", tokenB, "intermediate"], alertRequest(SECOND_REGISTER.projectId, "REG-B-1", B_ALERT)),
    ).toMatchObject({
      status: 200,
    });
    expect(await deliver(["r", tokenA, "intermediate"], alertRequest(PROJECT_ID, "REG-A-1", A_ALERT))).toMatchObject({
      status: 200,
    });
    // The URLs without a token are the default register's (A).
    expect(await deliver(["intermediate"], alertRequest(PROJECT_ID, "REG-A-2", A_ALERT))).toMatchObject({ status: 200 });
    // A's alert key at B's URL, and B's at A's: 401.
    expect(
      await deliver(["r", tokenB, "intermediate"], alertRequest(SECOND_REGISTER.projectId, "REG-X-1", A_ALERT)),
    ).toMatchObject({
      status: 401,
      body: { error: "unauthenticated:invalid_signature" },
    });
    expect(await deliver(["r", tokenA, "intermediate"], alertRequest(PROJECT_ID, "REG-X-2", B_ALERT))).toMatchObject({
      status: 401,
    });
    // Signed right, but naming the other register's project: 400.
    expect(await deliver(["r", tokenB, "intermediate"], alertRequest(PROJECT_ID, "REG-X-3", B_ALERT))).toMatchObject({
      status: 400,
      body: { error: "bad_request:unknown_project" },
    });
    const refused = await database.db
      .select()
      .from(applications)
      .where(sql`${applications.paymentId} like 'REG-X-%'`);
    expect(refused).toEqual([]);
  });

  it("refuses an unknown callback token with a 404, quarantined", async () => {
    const before = await executeRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from callback_quarantine where reason = 'unknown_register'`,
    );
    const answer = await deliver(["r", "no-such-token", "success"], alertRequest(PROJECT_ID, "REG-404", A_ALERT));
    expect(answer).toMatchObject({ status: 404, body: { error: "not_found:callback_register" } });
    const after = await executeRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from callback_quarantine where reason = 'unknown_register'`,
    );
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
  });

  it("rotates alert keys: both verify during the overlap, the old one is refused once retired", async () => {
    const token = await tokenOf(PROJECT_ID);
    const next: SigningKey = { kind: "rsa", privateKey: NEW_ALERT_PAIR.privateKey };
    const rotated = await addAlertKey(
      database.db,
      { registerId: ids.a, algorithm: "rsa", key: pem(NEW_ALERT_PAIR.publicKey, "spki"), overlapHours: 24 },
      actor,
      { box },
    );
    expect(rotated.alertKeys.map((k) => k.state)).toEqual(["active", "retiring"]);
    expect(await deliver(["r", token, "intermediate"], alertRequest(PROJECT_ID, "ROT-1", A_ALERT))).toMatchObject({
      status: 200,
    });
    expect(await deliver(["r", token, "intermediate"], alertRequest(PROJECT_ID, "ROT-2", next))).toMatchObject({ status: 200 });
    // Past the overlap's end the old key verifies no more, even before the cache reloads.
    const afterOverlap = new Date(Date.now() + 25 * 3_600_000);
    expect(await deliver(["r", token, "intermediate"], alertRequest(PROJECT_ID, "ROT-3", A_ALERT), afterOverlap)).toMatchObject({
      status: 401,
    });
    const old = rotated.alertKeys[1]!;
    await retireAlertKey(database.db, { registerId: ids.a, alertKeyId: old.id }, actor);
    expect(await deliver(["r", token, "intermediate"], alertRequest(PROJECT_ID, "ROT-4", A_ALERT))).toMatchObject({
      status: 401,
    });
    expect(await deliver(["intermediate"], alertRequest(PROJECT_ID, "ROT-5", next))).toMatchObject({ status: 200 });
    // The last usable key cannot be retired.
    const newest = rotated.alertKeys[0]!;
    await expect(retireAlertKey(database.db, { registerId: ids.a, alertKeyId: newest.id }, actor)).rejects.toMatchObject({
      code: "conflict:last_alert_key",
    });
  });

  it("drops a key whose overlap ended from the loaded gateways", async () => {
    const token = await tokenOf(SECOND_REGISTER.projectId);
    // Added two hours ago with a one-hour overlap: the previous key stopped an hour ago.
    await addAlertKey(
      database.db,
      { registerId: ids.b, algorithm: "hmac", key: "a-newer-alert-secret", overlapHours: 1 },
      actor,
      { box, now: new Date(Date.now() - 2 * 3_600_000) },
    );
    expect(await deliver(["r", token, "success"], alertRequest(SECOND_REGISTER.projectId, "OVL-1", B_ALERT))).toMatchObject({
      status: 401,
    });
    const newer: SigningKey = { kind: "hmac", secret: "a-newer-alert-secret" };
    expect(await deliver(["r", token, "success"], alertRequest(SECOND_REGISTER.projectId, "OVL-2", newer))).toMatchObject({
      status: 200,
    });
  });

  it("checks keys against their algorithm and refuses duplicates", async () => {
    const attempt = (over: Partial<RegisterSeed>) =>
      createRegister(database.db, { ...seedA(), projectId: `check-${crypto.randomUUID()}`, ...over }, actor, { box });
    await expect(attempt({ requestKey: MERCHANT_PUBLIC_PEM })).rejects.toMatchObject({ code: "bad_request:register_key" });
    await expect(
      attempt({ requestKey: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----" }),
    ).rejects.toMatchObject({
      fieldErrors: { requestKey: [expect.any(String)] },
    });
    await expect(attempt({ alertKey: MERCHANT_PRIVATE_PEM })).rejects.toMatchObject({
      fieldErrors: { alertKey: [expect.any(String)] },
    });
    await expect(attempt({ requestAlgorithm: "hmac", requestKey: MERCHANT_PRIVATE_PEM })).rejects.toMatchObject({
      code: "bad_request:register_key",
    });
    await expect(attempt({ alertAlgorithm: "hmac", alertKey: "   " })).rejects.toMatchObject({ code: "bad_request:validation" });
    await expect(createRegister(database.db, seedA(), actor, { box })).rejects.toMatchObject({
      code: "conflict:register_exists",
    });
  });

  it("disables and enables a register, and deletes only a register without applications", async () => {
    const disabled = await setRegisterStatus(database.db, { registerId: ids.b, status: "disabled" }, actor);
    expect(disabled.status).toBe("disabled");
    expect((await registry.forProject(SECOND_REGISTER.projectId)).status).toBe("disabled");
    // Callbacks of applications under way still verify.
    const token = await tokenOf(SECOND_REGISTER.projectId);
    const newer: SigningKey = { kind: "hmac", secret: "a-newer-alert-secret" };
    expect(await deliver(["r", token, "success"], alertRequest(SECOND_REGISTER.projectId, "DIS-1", newer))).toMatchObject({
      status: 200,
    });
    await setRegisterStatus(database.db, { registerId: ids.b, status: "active" }, actor);
    expect((await registry.forProject(SECOND_REGISTER.projectId)).status).toBe("active");
    // B has applications now (the alerts above created them).
    await expect(deleteRegister(database.db, { registerId: ids.b }, actor)).rejects.toMatchObject({
      code: "conflict:register_in_use",
    });
    const actions = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetType, "register"));
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        "register.create",
        "register.delete",
        "register.alert_key.add",
        "register.alert_key.retire",
        "register.disable",
        "register.enable",
      ]),
    );
  });

  it("stores no key in clear: sealed values and fingerprints only, in the registers and in the audit log", async () => {
    const rows = await executeRows<{ row: string }>(
      database.db,
      sql`select row_to_json(t)::text as row from registers t
          union all select row_to_json(t)::text from register_alert_keys t
          union all select row_to_json(t)::text from audit_log t`,
    );
    const dump = rows.map((r) => r.row).join("\n");
    expect(dump).toContain("SHA256:");
    for (const secret of [
      "BEGIN",
      REQUEST_SECRET,
      ALERT_SECRET,
      "a-newer-alert-secret",
      MERCHANT_PRIVATE_PEM.split("\n")[1]!,
      ALERT_PUBLIC_PEM.split("\n")[1]!,
    ]) {
      expect(dump).not.toContain(secret);
    }
    const views = JSON.stringify(await listRegisters(database.db));
    expect(views).not.toMatch(/BEGIN|v1:[0-9a-f]{12}:/);
    expect(views).not.toContain(REQUEST_SECRET);
    // The database itself refuses a key that is not sealed.
    await expect(
      database.db.update(registers).set({ requestKeyEncrypted: MERCHANT_PRIVATE_PEM }).where(eq(registers.id, ids.a)),
    ).rejects.toThrow();
  });

  it("fails loudly on an altered ciphertext, keeping the gateways loaded before", async () => {
    const [row] = await database.db.select().from(registers).where(eq(registers.id, ids.b));
    const parts = row!.requestKeyEncrypted.split(":");
    const bytes = Buffer.from(parts[3]!, "base64url");
    bytes[0]! ^= 0x01;
    const altered = [...parts.slice(0, 3), bytes.toString("base64url")].join(":");
    await database.db.update(registers).set({ requestKeyEncrypted: altered }).where(eq(registers.id, ids.b));
    try {
      await expect(registry.reload()).rejects.toThrow(/altered/);
      expect((await registry.forProject(PROJECT_ID)).projectId).toBe(PROJECT_ID);
      const fresh = newRegistry(() => box, { localInvalidation: false });
      await expect(fresh.list()).rejects.toThrow(/Kyrgyzstan KGS.*altered/);
      await fresh.stop();
    } finally {
      await database.db.update(registers).set({ requestKeyEncrypted: row!.requestKeyEncrypted }).where(eq(registers.id, ids.b));
      await registry.reload();
    }
  });

  it("re-encrypts every secret under a new master key, and every register keeps working", async () => {
    const newKey = crypto.randomBytes(32);
    const first = await reencryptSecrets(database.db, { from: masterKey, to: newKey });
    expect(first.resealed).toBeGreaterThanOrEqual(6);
    expect(await reencryptSecrets(database.db, { from: masterKey, to: newKey })).toEqual({
      resealed: 0,
      alreadyCurrent: first.resealed,
    });
    // The old key alone opens nothing any more, and says why.
    const stale = newRegistry(() => box, { localInvalidation: false });
    await expect(stale.list()).rejects.toThrow(/sealed under master key/);
    await stale.stop();
    box = createSecretBox(newKey);
    await registry.reload();
    const a = await registry.forProject(PROJECT_ID);
    const b = await registry.forProject(SECOND_REGISTER.projectId);
    expect((await a.client.balanceInfo()).ok).toBe(true);
    expect((await b.client.balanceInfo()).ok).toBe(true);
    const next: SigningKey = { kind: "rsa", privateKey: NEW_ALERT_PAIR.privateKey };
    expect(await deliver(["intermediate"], alertRequest(PROJECT_ID, "RE-1", next))).toMatchObject({ status: 200 });
    const newer: SigningKey = { kind: "hmac", secret: "a-newer-alert-secret" };
    expect(
      await deliver(
        ["r", await tokenOf(SECOND_REGISTER.projectId), "success"],
        alertRequest(SECOND_REGISTER.projectId, "RE-2", newer),
      ),
    ).toMatchObject({ status: 200 });
    // A value under a key neither side knows stops the rotation, and nothing changes.
    await expect(reencryptSecrets(database.db, { from: crypto.randomBytes(32), to: crypto.randomBytes(32) })).rejects.toThrow(
      /sealed under master key/,
    );
    expect((await reencryptSecrets(database.db, { from: masterKey, to: newKey })).resealed).toBe(0);
  });

  it("reloads on its timer what another process changed behind its back", async () => {
    const lazy = newRegistry(() => box, { localInvalidation: false, refreshMs: 0 });
    expect((await lazy.forProject(PROJECT_ID)).name).toBe("Kazakhstan KZT");
    await database.db.update(registers).set({ name: "Kazakhstan (renamed)" }).where(eq(registers.id, ids.a));
    try {
      await waitUntil(async () =>
        (await lazy.list()).find((g) => g.projectId === PROJECT_ID)!.name === "Kazakhstan (renamed)" ? true : undefined,
      );
    } finally {
      await database.db.update(registers).set({ name: "Kazakhstan KZT" }).where(eq(registers.id, ids.a));
      await lazy.stop();
    }
  });

  it.runIf(kind === "postgres")("tells other instances through NOTIFY", async () => {
    const other: DatabaseHandle = await openDatabase({ kind: "postgres", url: database.url!, max: 2 }, { migrate: false });
    const remote = createGatewayRegistry({
      db: async () => other.db,
      box: () => box,
      options: () => options(sandbox.sandbox.url),
      listen: async () => other.listen,
      localInvalidation: false,
      refreshMs: 3_600_000,
    });
    try {
      expect((await remote.forProject(SECOND_REGISTER.projectId)).status).toBe("active");
      // Give the listening connection a moment to be up before the change.
      await waitUntil(
        async () =>
          (
            await executeRows<{ n: number }>(
              database.db,
              sql`select count(*)::int as n from pg_stat_activity where query like 'listen %'`,
            )
          )[0]!.n > 0 || undefined,
      );
      await setRegisterStatus(database.db, { registerId: ids.b, status: "disabled" }, actor);
      await waitUntil(async () =>
        (await remote.list()).find((g) => g.projectId === SECOND_REGISTER.projectId)!.status === "disabled" ? true : undefined,
      );
    } finally {
      await setRegisterStatus(database.db, { registerId: ids.b, status: "active" }, actor);
      await remote.stop();
      await other.close();
    }
  });
});

describe.each(testDatabaseKinds())("importing the first registers on %s", (kind) => {
  let database: TestDatabase;
  const box = createSecretBox(crypto.randomBytes(32));
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("imports once, even with several instances starting together, and never again", async () => {
    let called = 0;
    const seeds = () => {
      called++;
      return [seedA(), seedB()];
    };
    const results = await Promise.all([1, 2, 3].map(() => bootstrapRegisters(database.db, seeds, { box })));
    expect(results.flat().sort()).toEqual([PROJECT_ID, SECOND_REGISTER.projectId].sort());
    expect(called).toBe(1);
    expect(await bootstrapRegisters(database.db, seeds, { box })).toEqual([]);
    expect(called).toBe(1);
    const list = await listRegisters(database.db);
    expect(list.map((r) => [r.name, r.requestAlgorithm, r.alertKeys.length])).toEqual([
      ["Kazakhstan KZT", "rsa", 1],
      ["Kyrgyzstan KGS", "hmac", 1],
    ]);
    expect(new Set(list.map((r) => r.callbackToken)).size).toBe(2);
    const imports = await database.db.select().from(auditLog).where(eq(auditLog.action, "register.import"));
    expect(imports).toHaveLength(2);
  });

  it("keeps the sandbox's registers on the sandbox's keys (a new DATA_DIR, a new master key)", async () => {
    expect(await syncSandboxRegisterKeys(database.db, [seedA(), seedB()], { box })).toEqual([]);
    const changed = await syncSandboxRegisterKeys(database.db, [seedA(), { ...seedB(), alertKey: "regenerated-alert-secret" }], {
      box,
    });
    expect(changed).toEqual([SECOND_REGISTER.projectId]);
    const b = (await listRegisters(database.db)).find((r) => r.projectId === SECOND_REGISTER.projectId)!;
    expect(b.alertKeys.map((k) => k.state)).toEqual(["active", "retired"]);
    // A new master key: everything is sealed again from the sandbox's files, nothing needs the old key.
    const other = createSecretBox(crypto.randomBytes(32));
    const resealed = await syncSandboxRegisterKeys(database.db, [seedA(), { ...seedB(), alertKey: "regenerated-alert-secret" }], {
      box: other,
    });
    expect(resealed.sort()).toEqual([PROJECT_ID, SECOND_REGISTER.projectId].sort());
    const material = await loadRegisterMaterial(database.db, other);
    expect(material.map((m) => m.alertKeys.map((k) => k.key))).toEqual([
      [pem(crypto.createPublicKey(ALERT_PUBLIC_PEM), "spki")],
      ["regenerated-alert-secret"],
    ]);
  });
});
