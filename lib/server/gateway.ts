import "server-only";
import fs from "node:fs";
import { env } from "./env";
import { ConfigError } from "./env";
import {
  createHighHelpClient,
  createHighHelpSigner,
  parseSignatureProfile,
  prepareVerificationKey,
  type HighHelpClient,
  type PreparedVerificationKey,
  type SignatureProfile,
  type SigningKey,
} from "@/lib/highhelp";
import { logger } from "./logger";
import { ensureSandboxKeys, SANDBOX_PROJECT_ID } from "@/sandbox/keys";

/**
 * The configured cash register: who we are at HighHelp, how we sign, how we check HighHelp's
 * alerts, and where HighHelp sends them. Built once from lib/server/env; in sandbox mode (no
 * HIGHHELP_API_URL) everything comes from the local sandbox's generated keys.
 */
export interface Gateway {
  projectId: string;
  apiUrl: string;
  sandbox: boolean;
  client: HighHelpClient;
  alertKey: PreparedVerificationKey;
  profile: SignatureProfile;
  /** The three callback URLs the app puts in every application it creates. */
  callbackUrls: {
    merchant_callback_url: string;
    merchant_success_callback_url: string;
    merchant_decline_callback_url: string;
  };
}

function secret(valueVar: keyof typeof env, fileVar: keyof typeof env): string | undefined {
  const value = env[valueVar];
  if (typeof value === "string") return value.replace(/\\n/g, "\n");
  const file = env[fileVar];
  if (typeof file !== "string") return undefined;
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${fileVar}: cannot read ${file} (${(error as Error).message})`);
  }
}

function signatureProfile(): SignatureProfile {
  const parsed = parseSignatureProfile(env.HIGHHELP_SIGNATURE_PROFILE ?? "");
  if (!parsed.ok) throw new ConfigError(`Invalid configuration:\n  HIGHHELP_SIGNATURE_PROFILE: ${parsed.error}`);
  return parsed.profile;
}

export function appPublicUrl(): string {
  return (env.APP_PUBLIC_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * HighHelp takes https callback URLs only (docs/highhelp-decisions.md#callback-urls), and the sandbox is as strict. A local app
 * has no TLS, so in sandbox mode a loopback URL is written as https and the sandbox delivers it
 * over plain http (its one documented leniency, limited to loopback hosts).
 */
function callbackBaseUrl(sandbox: boolean): string {
  const url = new URL(`${appPublicUrl()}/api/highhelp/callback`);
  if (sandbox && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) url.protocol = "https:";
  return url.toString();
}

function buildGateway(): Gateway {
  const profile = signatureProfile();
  let projectId: string;
  let apiUrl: string;
  let signingKey: SigningKey;
  let alertKey: PreparedVerificationKey;
  if (env.sandboxMode) {
    const keys = ensureSandboxKeys(env.dataDir);
    projectId = SANDBOX_PROJECT_ID;
    apiUrl = `http://127.0.0.1:${env.SANDBOX_PORT}`;
    signingKey = { kind: "rsa", privateKey: keys.merchantPrivateKeyPem };
    alertKey = prepareVerificationKey({ kind: "rsa", publicKey: keys.alertPublicKeyPem });
  } else {
    projectId = env.HIGHHELP_PROJECT_ID!;
    apiUrl = env.HIGHHELP_API_URL!;
    signingKey =
      env.HIGHHELP_REQUEST_ALGORITHM === "hmac"
        ? { kind: "hmac", secret: secret("HIGHHELP_HMAC_KEY", "HIGHHELP_HMAC_KEY_FILE")! }
        : { kind: "rsa", privateKey: secret("HIGHHELP_PRIVATE_KEY", "HIGHHELP_PRIVATE_KEY_FILE")! };
    alertKey =
      env.HIGHHELP_ALERT_ALGORITHM === "hmac"
        ? prepareVerificationKey({ kind: "hmac", secret: secret("HIGHHELP_ALERT_HMAC_KEY", "HIGHHELP_ALERT_HMAC_KEY_FILE")! })
        : prepareVerificationKey({
            kind: "rsa",
            publicKey: secret("HIGHHELP_ALERT_PUBLIC_KEY", "HIGHHELP_ALERT_PUBLIC_KEY_FILE")!,
          });
  }
  const signer = createHighHelpSigner({ merchantId: projectId, key: signingKey, profile });
  const client = createHighHelpClient({ baseUrl: apiUrl, projectId, signer, timeoutMs: env.HIGHHELP_TIMEOUT_MS, logger });
  const callbackBase = callbackBaseUrl(env.sandboxMode);
  return {
    projectId,
    apiUrl,
    sandbox: env.sandboxMode,
    client,
    alertKey,
    profile,
    callbackUrls: {
      merchant_callback_url: `${callbackBase}/intermediate`,
      merchant_success_callback_url: `${callbackBase}/success`,
      merchant_decline_callback_url: `${callbackBase}/decline`,
    },
  };
}

const holder = globalThis as unknown as { __backofficeGateway?: Gateway };

/** The process-wide gateway configuration (keys parsed once). Throws a ConfigError when unusable. */
export function getGateway(): Gateway {
  holder.__backofficeGateway ??= buildGateway();
  return holder.__backofficeGateway;
}
