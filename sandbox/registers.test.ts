import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createHighHelpClient, createHighHelpSigner, verifyAlertSignature } from "@/lib/highhelp";

import {
  API,
  p2pPayinBody,
  PROJECT_ID,
  SECOND_REGISTER,
  startReceiver,
  startTestSandbox,
  type Receiver,
  type TestSandbox,
} from "./testing/support";

/*
 * Several cash registers in one sandbox: each verifies requests with its own key and signs its
 * applications' alerts with its own alert key; one register cannot reach another's applications.
 */

let t: TestSandbox;
let rx: Receiver;

const secondSigner = () =>
  createHighHelpSigner({
    merchantId: SECOND_REGISTER.projectId,
    key: { kind: "hmac", secret: (SECOND_REGISTER.request as { secret: string }).secret },
  });

async function postAs(signer: ReturnType<typeof secondSigner>, path: string, body: unknown) {
  const response = await fetch(t.sandbox.url + path, {
    method: "POST",
    headers: signer.headers(body, Math.floor(Date.now() / 1000)) as unknown as Record<string, string>,
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { errors?: { code?: string }[]; [key: string]: unknown } };
}

function secondBody(paymentId: string) {
  const body = p2pPayinBody(paymentId, rx.urls);
  return { ...body, general: { ...(body.general as object), project_id: SECOND_REGISTER.projectId } };
}

beforeAll(async () => {
  t = await startTestSandbox({ stepMs: 20 });
  rx = await startReceiver(t.keys.alertPublicKeyPem);
});
afterAll(async () => {
  await t.stop();
  await rx.close();
});

describe("a sandbox with several cash registers", () => {
  it("lists them in its health answer, the first one first", async () => {
    const health = await t.call("GET", "/sandbox/health");
    expect(health.json.project_id).toBe(PROJECT_ID);
    expect(health.json.registers).toEqual([
      { project_id: PROJECT_ID, name: "Kazakhstan KZT" },
      { project_id: SECOND_REGISTER.projectId, name: SECOND_REGISTER.name },
    ]);
    expect(t.sandbox.registers.map((r) => r.projectId)).toEqual([PROJECT_ID, SECOND_REGISTER.projectId]);
  });

  it("verifies each register's requests with its own key (HMAC here)", async () => {
    const client = createHighHelpClient({ baseUrl: t.sandbox.url, projectId: SECOND_REGISTER.projectId, signer: secondSigner() });
    expect((await client.balanceInfo()).ok).toBe(true);
  });

  it("refuses a request signed with another register's key", async () => {
    const forged = createHighHelpSigner({ merchantId: SECOND_REGISTER.projectId, key: { kind: "hmac", secret: "not-the-key" } });
    const answer = await postAs(forged, API.balance, { general: { project_id: SECOND_REGISTER.projectId } });
    expect(answer.status).toBe(401);
    expect(answer.json.errors?.[0]?.code).toBe("bad_signature");
    // The first register's RSA key presented as the second register: the algorithm does not match.
    const rsaAsSecond = await t.post(
      API.balance,
      { general: { project_id: SECOND_REGISTER.projectId } },
      {
        headers: { "x-access-merchant-id": SECOND_REGISTER.projectId },
      },
    );
    expect(rsaAsSecond.status).toBe(401);
  });

  it("refuses an unknown merchant id and a body naming another register", async () => {
    const stranger = createHighHelpSigner({ merchantId: "not-a-register", key: { kind: "hmac", secret: "x" } });
    expect((await postAs(stranger, API.balance, { general: { project_id: "not-a-register" } })).json.errors?.[0]?.code).toBe(
      "merchant_mismatch",
    );
    const other = await postAs(secondSigner(), API.balance, { general: { project_id: PROJECT_ID } });
    expect(other.status).toBe(403);
  });

  it("signs a register's alerts with that register's alert key and names it", async () => {
    const created = await postAs(secondSigner(), API.p2pPayin, secondBody("MULTI-1"));
    expect(created.status).toBe(200);
    expect(created.json.project_id).toBe(SECOND_REGISTER.projectId);
    const [alert] = await rx.waitFor("MULTI-1", 1);
    expect(alert!.body.project_id).toBe(SECOND_REGISTER.projectId);
    expect(alert!.headers["x-access-merchant-id"]).toBe(SECOND_REGISTER.projectId);
    // The receiver checks with the first register's RSA key: refused; the second's HMAC key verifies.
    expect(alert!.verification.ok).toBe(false);
    const own = verifyAlertSignature({
      rawBody: alert!.rawBody,
      signature: alert!.headers["x-access-signature"] as string,
      timestamp: alert!.headers["x-access-timestamp"] as string,
      key: { kind: "hmac", secret: (SECOND_REGISTER.alert as { secret: string }).secret },
    });
    expect(own.ok).toBe(true);
  });

  it("keeps one register's applications out of another's reach", async () => {
    await t.post(API.p2pPayin, p2pPayinBody("MULTI-2", rx.urls));
    const info = await postAs(secondSigner(), API.p2pPayinInfo, {
      general: { project_id: SECOND_REGISTER.projectId, payment_id: "MULTI-2" },
    });
    expect(info.status).toBe(404);
    const own = await t.post(API.p2pPayinInfo, { general: { project_id: PROJECT_ID, payment_id: "MULTI-2" } });
    expect(own.status).toBe(200);
  });
});
