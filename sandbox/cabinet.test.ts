import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createHighHelpClient, createHighHelpSigner, verifyAlertSignature, type HighHelpSigner } from "@/lib/highhelp";

import { ensureSandboxRegisters } from "./keys";
import { API, payoutBody, PROJECT_ID, startReceiver, startTestSandbox, type Receiver, type TestSandbox } from "./testing/support";

/*
 * The sandbox's merchant cabinet: a cash register made at runtime (control API or the HTML form)
 * works at once and after a restart, with its own keys and its own balance book; its keys are shown
 * to the merchant and never written to the log.
 */

let t: TestSandbox;
let rx: Receiver;
const logLines: string[] = [];

beforeAll(async () => {
  t = await startTestSandbox({ log: (line) => logLines.push(line) });
  rx = await startReceiver(t.keys.alertPublicKeyPem);
});
afterAll(async () => {
  await t.stop();
  await rx.close();
});

interface Copy {
  project_id: string;
  request_algorithm: "rsa" | "hmac";
  request_key: string;
  alert_algorithm: "rsa" | "hmac";
  alert_key: string;
  currencies: string[];
}

function signerFor(copy: Copy): HighHelpSigner {
  return createHighHelpSigner({
    merchantId: copy.project_id,
    key:
      copy.request_algorithm === "rsa"
        ? { kind: "rsa", privateKey: copy.request_key }
        : { kind: "hmac", secret: copy.request_key },
  });
}

function clientFor(copy: Copy) {
  return createHighHelpClient({
    baseUrl: t.sandbox.url,
    projectId: copy.project_id,
    signer: signerFor(copy),
    retry: { attempts: 1 },
  });
}

async function postAs(copy: Copy, apiPath: string, body: unknown) {
  const response = await fetch(t.sandbox.url + apiPath, {
    method: "POST",
    headers: signerFor(copy).headers(body, Math.floor(Date.now() / 1000)) as unknown as Record<string, string>,
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function postForm(fields: [string, string][], headers: Record<string, string> = {}) {
  const response = await fetch(`${t.sandbox.url}/cabinet/registers`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, text: await response.text() };
}

function shown(html: string, testId: string): string {
  const match = new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html);
  if (match === null) throw new Error(`no ${testId} on the page`);
  return match[1]!
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

let hmac: Copy;
let rsa: Copy;

describe("the control API's POST /sandbox/registers", () => {
  it("makes an HMAC register that signs and verifies at once, with its own balance book", async () => {
    const created = await t.call("POST", "/sandbox/registers", {
      name: "Uzbekistan UZS",
      algorithm: "hmac",
      currencies: ["UZS", "KZT"],
    });
    expect(created.status).toBe(201);
    hmac = created.json as Copy;
    expect(hmac).toMatchObject({
      name: "Uzbekistan UZS",
      request_algorithm: "hmac",
      alert_algorithm: "hmac",
      currencies: ["UZS", "KZT"],
    });
    expect(hmac.project_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(hmac.request_key).not.toBe(hmac.alert_key);

    const balance = await clientFor(hmac).balanceInfo();
    expect(balance.ok && balance.data.balance.map((b) => b.currency).sort()).toEqual(["KZT", "UZS"]);

    const registers = (await t.call("GET", "/sandbox/registers")).json.registers;
    expect(registers.at(-1)).toEqual({
      project_id: hmac.project_id,
      name: "Uzbekistan UZS",
      currencies: ["UZS", "KZT"],
      request_algorithm: "hmac",
    });
    expect(JSON.stringify(registers)).not.toContain(hmac.request_key);
  });

  it("signs the new register's alerts with its alert key", async () => {
    const body = payoutBody("CAB-1", rx.urls, 100_000) as { general: Record<string, unknown> };
    body.general.project_id = hmac.project_id;
    expect((await postAs(hmac, API.payout, body)).status).toBe(200);
    const [alert] = await rx.waitFor("CAB-1", 1);
    expect(alert!.headers["x-access-merchant-id"]).toBe(hmac.project_id);
    const verified = verifyAlertSignature({
      rawBody: alert!.rawBody,
      signature: alert!.headers["x-access-signature"] as string,
      timestamp: alert!.headers["x-access-timestamp"] as string,
      key: { kind: "hmac", secret: hmac.alert_key },
    });
    expect(verified.ok).toBe(true);
  });

  it("keeps each register's balances apart", async () => {
    await t.waitForApp("CAB-1", (a) => a.status === "success");
    const own = await clientFor(hmac).balanceInfo();
    const first = await t.client.balanceInfo();
    const kzt = (r: typeof own) => (r.ok ? r.data.balance.find((b) => b.currency === "KZT")?.amount : undefined);
    expect(kzt(own)).toBe(1_000_000_000 - 100_000);
    expect(kzt(first)).toBe(1_000_000_000);
    const books = (await t.call("GET", "/sandbox/balances")).json.balances;
    expect(books[hmac.project_id].KZT).toEqual({ amount: 1_000_000_000 - 100_000, locked_amount: 0 });
    expect(books[PROJECT_ID].KZT).toEqual({ amount: 1_000_000_000, locked_amount: 0 });
  });

  it("answers what is wrong with each field", async () => {
    const answer = await t.call("POST", "/sandbox/registers", { name: " ", algorithm: "dsa", currencies: [] });
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(["algorithm", "currencies", "name"]);
    expect((await t.call("POST", "/sandbox/registers", { name: "X", algorithm: "rsa", currencies: ["EUR"] })).status).toBe(400);
  });
});

describe("the cabinet page", () => {
  it("shows the New cash register form and the registers", async () => {
    const page = await t.call("GET", "/cabinet");
    expect(page.status).toBe(200);
    expect(page.text).toContain("New cash register");
    expect(page.text).toContain('name="algorithm" value="rsa" checked');
    expect(page.text).toContain('name="currency" value="KGS"');
    expect(page.text).toContain(PROJECT_ID);
    expect((await t.call("GET", "/")).text).toContain('href="/cabinet"');
  });

  it("makes an RSA register and shows the project_id and keys to paste", async () => {
    const answer = await postForm([
      ["name", "Kazakhstan <second>"],
      ["algorithm", "rsa"],
      ["currency", "KZT"],
    ]);
    expect(answer.status).toBe(201);
    expect(answer.text).toContain("Kazakhstan &lt;second&gt;");
    rsa = {
      project_id: shown(answer.text, "project-id"),
      request_algorithm: "rsa",
      request_key: shown(answer.text, "request-key"),
      alert_algorithm: "rsa",
      alert_key: shown(answer.text, "alert-key"),
      currencies: ["KZT"],
    };
    expect(rsa.request_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(rsa.alert_key).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const balance = await clientFor(rsa).balanceInfo();
    expect(balance.ok && balance.data.balance).toEqual([{ currency: "KZT", amount: 1_000_000_000, locked_amount: 0 }]);
  });

  it("answers the form again with a message per field, and makes nothing", async () => {
    const before = (await t.call("GET", "/sandbox/registers")).json.registers.length;
    const answer = await postForm([["name", ""]]);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("Enter a name.");
    expect(answer.text).toContain("Choose at least one currency.");
    expect((await t.call("GET", "/sandbox/registers")).json.registers).toHaveLength(before);
  });

  it("speaks Russian to a browser that asks for it, English otherwise", async () => {
    const russian = { "accept-language": "ru-RU,ru;q=0.9,en-US;q=0.8" };
    const page = await fetch(`${t.sandbox.url}/cabinet`, { headers: russian });
    const html = await page.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain("Новая касса");
    expect(html).toContain("RSA (пара ключей в каждую сторону)");
    const refused = await postForm([["name", ""]], russian);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Введите название.");
    expect(refused.text).toContain("Выберите хотя бы одну валюту.");
    const english = await fetch(`${t.sandbox.url}/cabinet`, { headers: { "accept-language": "kk-KZ, de;q=0.5" } });
    expect(await english.text()).toContain("New cash register");
  });

  it("refuses a form posted from another site", async () => {
    const answer = await postForm(
      [
        ["name", "Cross-site"],
        ["algorithm", "hmac"],
        ["currency", "KZT"],
      ],
      { origin: "https://evil.example" },
    );
    expect(answer.status).toBe(403);
    expect(JSON.stringify((await t.call("GET", "/sandbox/registers")).json)).not.toContain("Cross-site");
  });
});

describe("after the cabinet", () => {
  it("never writes the keys to the log", () => {
    const log = logLines.join("\n");
    expect(log).toContain(`cash register ${hmac.project_id} created`);
    for (const secret of [hmac.request_key, hmac.alert_key, rsa.request_key, rsa.alert_key]) {
      expect(log).not.toContain(secret.split("\n")[1] ?? secret);
    }
  });

  it("keeps the new registers and their balances across a restart", async () => {
    const file = path.join(t.dataDir, "sandbox", "registers", `${rsa.project_id}.json`);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(ensureSandboxRegisters(t.dataDir).map((r) => r.projectId)).toEqual(
      expect.arrayContaining([hmac.project_id, rsa.project_id]),
    );
    await t.restart({ log: () => {} });
    expect((await clientFor(rsa).balanceInfo()).ok).toBe(true);
    const own = await clientFor(hmac).balanceInfo();
    expect(own.ok && own.data.balance.find((b) => b.currency === "KZT")?.amount).toBe(1_000_000_000 - 100_000);
  });
});
