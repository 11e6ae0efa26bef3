/**
 * The sandbox's merchant cabinet: a new cash register made at runtime, as in HighHelp's own
 * cabinet. The sandbox picks the project_id and generates both keys; what the merchant pastes into
 * the back-office is `merchantCopy` (the private half of an RSA request pair, or the HMAC secrets).
 */
import crypto from "node:crypto";

import { z } from "zod";

import { SANDBOX_CURRENCIES } from "./catalogue";
import type { SandboxKey, SandboxRegister } from "./keys";
import type { ErrorItem } from "./views";

export const REGISTER_ALGORITHMS = ["rsa", "hmac"] as const;
export type RegisterAlgorithm = (typeof REGISTER_ALGORITHMS)[number];

const newRegisterSchema = z.strictObject({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, { error: "Enter a name." })
    .max(100, { error: "At most 100 characters." }),
  algorithm: z.enum(REGISTER_ALGORITHMS, { error: "Choose RSA or HMAC." }),
  currencies: z
    .array(z.enum(SANDBOX_CURRENCIES, { error: `Each currency must be one of ${SANDBOX_CURRENCIES.join(", ")}.` }), {
      error: "Choose at least one currency.",
    })
    .min(1, { error: "Choose at least one currency." }),
});

export type NewRegisterInput = z.infer<typeof newRegisterSchema>;

/** The control API's JSON or the cabinet form's fields, checked; messages per field. */
export function parseNewRegister(input: unknown): { ok: true; value: NewRegisterInput } | { ok: false; errors: ErrorItem[] } {
  const parsed = newRegisterSchema.safeParse(input);
  if (parsed.success) {
    return { ok: true, value: { ...parsed.data, currencies: [...new Set(parsed.data.currencies)] } };
  }
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? ""), message: i.message, code: i.code })),
  };
}

function rsaKey(): SandboxKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    kind: "rsa",
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

function hmacKey(): SandboxKey {
  return { kind: "hmac", secret: crypto.randomBytes(32).toString("base64url") };
}

/** A register with a fresh project_id and fresh keys: RSA pairs both ways, or two HMAC secrets. */
export function generateRegister(input: NewRegisterInput): SandboxRegister {
  const make = input.algorithm === "rsa" ? rsaKey : hmacKey;
  return {
    projectId: crypto.randomUUID(),
    name: input.name,
    currencies: [...input.currencies],
    request: make(),
    alert: make(),
  };
}

/** What the merchant's back-office needs: it signs requests with the first key and verifies alerts with the second. */
export function merchantCopy(register: SandboxRegister) {
  const { request, alert } = register;
  return {
    project_id: register.projectId,
    name: register.name,
    currencies: register.currencies,
    request_algorithm: request.kind,
    request_key: request.kind === "rsa" ? request.privateKeyPem : request.secret,
    alert_algorithm: alert.kind,
    alert_key: alert.kind === "rsa" ? alert.publicKeyPem : alert.secret,
  };
}

export type MerchantCopy = ReturnType<typeof merchantCopy>;
