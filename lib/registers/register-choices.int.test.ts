import { message } from "@/lib/i18n/message";
import { translateText } from "@/lib/i18n/translate";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SIGNATURE_PROFILE } from "@/lib/highhelp";
import { createGatewayRegistry, type GatewayRegistry } from "@/lib/server/gateway";
import { ALERT_PUBLIC_PEM, MERCHANT_PRIVATE_PEM } from "@/test/highhelp";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { PROJECT_ID, SECOND_REGISTER, startTestSandbox, type TestSandbox } from "@/sandbox/testing/support";
import { chooseRegister } from "./choices";
import { createRegister, setRegisterStatus, type RegisterSeed } from "./commands";
import { checkConnection } from "./connection";
import { listRegisterChoices, listRegisters } from "./queries";
import { createSecretBox } from "./secret-box";

/*
 * What the register-aware pages rely on: the registers a reader may see (a project-id filter), the
 * register a new application goes to (active, serving its currency and method), and the
 * connection test of the Registers page against the sandbox.
 */

const actor = { userId: null, email: "admin@registers.test" };
const box = createSecretBox(crypto.randomBytes(32));
const pair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const STRANGER_KEY = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const seed = (over: Partial<RegisterSeed>): RegisterSeed => ({
  name: "Register",
  projectId: "x",
  apiUrl: "https://api.highhelp.invalid",
  requestAlgorithm: "rsa",
  requestKey: MERCHANT_PRIVATE_PEM,
  alertAlgorithm: "rsa",
  alertKey: ALERT_PUBLIC_PEM,
  signatureProfile: null,
  currencies: [],
  methods: [],
  ...over,
});

describe.each(testDatabaseKinds())("register choices on %s", (kind) => {
  let database: TestDatabase;
  let sandbox: TestSandbox;
  let registry: GatewayRegistry;
  const STRANGER = "5a4db0c5-7e57-4b0c-8a11-0000000000ff";
  const DISABLED = "5a4db0c5-7e57-4b0c-8a11-0000000000fe";

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    sandbox = await startTestSandbox({ stepMs: 60_000, callbackRetries: 0 });
    const db = database.db;
    await createRegister(
      db,
      seed({ name: "Kazakhstan KZT", projectId: PROJECT_ID, currencies: ["KZT", "RUB"], methods: ["card-p2p"] }),
      actor,
      { box },
    );
    await createRegister(
      db,
      seed({
        name: "Kyrgyzstan KGS",
        projectId: SECOND_REGISTER.projectId,
        requestAlgorithm: "hmac",
        requestKey: (SECOND_REGISTER.request as { secret: string }).secret,
        alertAlgorithm: "hmac",
        alertKey: (SECOND_REGISTER.alert as { secret: string }).secret,
        currencies: ["KGS"],
      }),
      actor,
      { box },
    );
    const disabled = await createRegister(db, seed({ name: "Old KZT", projectId: DISABLED, currencies: ["KZT"] }), actor, {
      box,
    });
    await setRegisterStatus(db, { registerId: disabled.id, status: "disabled" }, actor);
    await createRegister(db, seed({ name: "Unknown to HighHelp", projectId: STRANGER, requestKey: STRANGER_KEY }), actor, {
      box,
    });
    registry = createGatewayRegistry({
      db: async () => database.db,
      box: () => box,
      options: () => ({
        callbackBaseUrl: "https://app.test/api/highhelp/callback",
        sandboxApiUrl: sandbox.sandbox.url,
        defaultProfile: DEFAULT_SIGNATURE_PROFILE,
        timeoutMs: 2_000,
        defaultProjectId: PROJECT_ID,
      }),
    });
  });
  afterAll(async () => {
    await registry?.stop();
    await sandbox?.stop();
    await database?.drop();
  });

  it("lists the registers a filter lets through, and none for an empty filter", async () => {
    expect((await listRegisterChoices(database.db)).map((r) => r.name)).toEqual([
      "Kazakhstan KZT",
      "Kyrgyzstan KGS",
      "Old KZT",
      "Unknown to HighHelp",
    ]);
    expect((await listRegisterChoices(database.db, { projectIds: [SECOND_REGISTER.projectId] })).map((r) => r.name)).toEqual([
      "Kyrgyzstan KGS",
    ]);
    expect(
      (await listRegisterChoices(database.db, { projectIds: [DISABLED, PROJECT_ID, "no-such-register"] })).map((r) => r.name),
    ).toEqual(["Kazakhstan KZT", "Old KZT"]);
    expect(await listRegisterChoices(database.db, { projectIds: [] })).toEqual([]);
    const views = await listRegisters(database.db, new Date(), { projectIds: [PROJECT_ID, DISABLED] });
    expect(views.map((r) => [r.name, r.status, r.alertKeys.length])).toEqual([
      ["Kazakhstan KZT", "active", 1],
      ["Old KZT", "disabled", 1],
    ]);
  });

  it("sends a new application to the chosen register only when it is active and serves the currency and method", async () => {
    const registers = await registry.list();
    const choose = (choice: Parameters<typeof chooseRegister>[1]) => {
      const chosen = chooseRegister(registers, choice);
      return chosen.ok ? chosen.register.name : `${chosen.field}: ${translateText("en", chosen.message)}`;
    };
    // No choice: the first active register serving the currency (the disabled one is skipped).
    expect(choose({ currency: "KZT", method: "card-p2p" })).toBe("Kazakhstan KZT");
    expect(choose({ currency: "KGS", method: "sbp-p2p" })).toBe("Kyrgyzstan KGS");
    expect(choose({ currency: "KGS", register: SECOND_REGISTER.projectId, method: "card-p2p" })).toBe("Kyrgyzstan KGS");
    expect(choose({ currency: "KGS", register: PROJECT_ID, method: "card-p2p" })).toBe(
      'register: "Kazakhstan KZT" does not serve KGS.',
    );
    expect(choose({ currency: "KZT", register: PROJECT_ID, method: "sbp-p2p" })).toBe(
      'method: "Kazakhstan KZT" is not set up for sbp-p2p.',
    );
    expect(choose({ currency: "KZT", register: DISABLED })).toBe(
      'register: "Old KZT" is disabled: it takes no new applications.',
    );
    expect(choose({ currency: "KZT", register: "no-such-register" })).toBe("register: Choose one of the cash registers listed.");
    // "Unknown to HighHelp" serves anything: it is the default for currencies no other register serves.
    expect(choose({ currency: "UZS" })).toBe("Unknown to HighHelp");
    expect(chooseRegister(registers.slice(0, 3), { currency: "UZS" })).toMatchObject({
      ok: false,
      field: "register",
      message: message("registerChoice.noneServes", { currency: "UZS" }),
    });
  });

  it("tests a register's connection with a signed balance/info: HighHelp's answer, or its refusal in words", async () => {
    const ok = await checkConnection((await registry.forProject(PROJECT_ID)).client);
    expect(ok.reachable).toBe(true);
    expect(translateText("en", ok.summary.split("\n")[0]!)).toMatch(/^HighHelp answered \(HTTP 200\): /);
    const hmac = await checkConnection((await registry.forProject(SECOND_REGISTER.projectId)).client);
    expect(hmac.reachable).toBe(true);
    const refused = await checkConnection((await registry.forProject(STRANGER)).client);
    expect(refused.reachable).toBe(false);
    expect(translateText("en", refused.summary)).toMatch(/^HighHelp refused the request \(HTTP 4\d\d\)/);
    expect(refused.summary).not.toContain("PRIVATE KEY");
  });
});
