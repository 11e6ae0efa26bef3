import "server-only";
import { translateText } from "@/lib/i18n/translate";
import fs from "node:fs";
import type { RegisterStatus } from "@/drizzle/schema";
import {
  createHighHelpClient,
  createHighHelpSigner,
  parseSignatureProfile,
  prepareVerificationKey,
  type HighHelpClient,
  type PreparedVerificationKey,
  type SignatureProfile,
} from "@/lib/highhelp";
import { inScope, type ProjectScope } from "@/lib/accounts/register-scope";
import { bootstrapRegisters, syncSandboxRegisterKeys, type RegisterSeed } from "@/lib/registers/commands";
import { onRegistersInvalidated, REGISTERS_CHANNEL } from "@/lib/registers/invalidation";
import { chooseRegister } from "@/lib/registers/choices";
import { checkKey } from "@/lib/registers/key-material";
import { loadRegisterMaterial, RegisterSecretError, type RegisterMaterial } from "@/lib/registers/material";
import type { SecretBox } from "@/lib/registers/secret-box";
import { ensureSandboxRegisters, SANDBOX_PROJECT_ID } from "@/sandbox/keys";
import { getDatabase, type Database, type DatabaseHandle } from "./db";
import { ConfigError, env } from "./env";
import { AppError } from "./errors";
import { logger } from "./logger";
import { observeHighHelpRequest } from "./metrics";
import { getSecretBox } from "./secrets-key";

/*
 * The cash registers as the app uses them: one Gateway per register (who we are at HighHelp, how
 * we sign, the keys HighHelp's alerts verify with, where HighHelp sends them), built from the
 * registers table and kept in memory. The callback hot path reads the cache only; a change
 * reloads it (lib/registers/invalidation.ts: at once in this process, through NOTIFY in others),
 * and a refresh every REFRESH_MS is the safety net. In sandbox mode (no HIGHHELP_API_URL) every
 * register talks to the local sandbox, and the first start imports the sandbox's registers.
 */

export interface GatewayAlertKey {
  id: number;
  fingerprint: string;
  key: PreparedVerificationKey;
  /** The end of a rotation's overlap; null: no end planned. */
  retiresAt: Date | null;
}

export interface CallbackUrls {
  merchant_callback_url: string;
  merchant_success_callback_url: string;
  merchant_decline_callback_url: string;
}

export interface Gateway {
  registerId: number;
  name: string;
  projectId: string;
  apiUrl: string;
  sandbox: boolean;
  /** `disabled`: no new applications; callbacks and reconciliation of those under way go on. */
  status: RegisterStatus;
  /** What the register serves; empty: not restricted. */
  currencies: readonly string[];
  methods: readonly string[];
  client: HighHelpClient;
  /** Newest first; a key with `retiresAt` in the past verifies no more (lib/callbacks/receive-callback.ts). */
  alertKeys: readonly GatewayAlertKey[];
  profile: SignatureProfile;
  /** The three callback URLs the app puts in every application it creates with this register. */
  callbackUrls: CallbackUrls;
}

/** APP_PUBLIC_URL, else this machine's `npm run dev` / `npm start` on PORT. */
export function appPublicUrl(): string {
  return (env.APP_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * HighHelp takes https callback URLs only (docs/highhelp-decisions.md#callback-urls), and the sandbox is as strict. A local app
 * has no TLS, so in sandbox mode a loopback URL is written as https and the sandbox delivers it
 * over plain http (its one documented leniency, limited to loopback hosts).
 */
export function callbackBaseUrl(publicUrl = appPublicUrl(), sandbox = env.sandboxMode): string {
  const url = new URL(`${publicUrl.replace(/\/+$/, "")}/api/highhelp/callback`);
  if (sandbox && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) url.protocol = "https:";
  return url.toString();
}

function urlsUnder(base: string): CallbackUrls {
  return {
    merchant_callback_url: `${base}/intermediate`,
    merchant_success_callback_url: `${base}/success`,
    merchant_decline_callback_url: `${base}/decline`,
  };
}

/** A register's own callback URLs: `<base>/r/<callback token>/{intermediate,success,decline}`. */
export function registerCallbackUrls(callbackToken: string, base = callbackBaseUrl()): CallbackUrls {
  return urlsUnder(`${base}/r/${encodeURIComponent(callbackToken)}`);
}

/** How the registers become gateways in this installation (the process's own: gatewayBuildOptions()). */
export interface GatewayBuildOptions {
  /** `<APP_PUBLIC_URL>/api/highhelp/callback`, as HighHelp must call it. */
  callbackBaseUrl: string;
  /** Sandbox mode: every register talks to this URL, whatever its api_url says (never a real gateway). */
  sandboxApiUrl: string | null;
  /** For registers without a profile of their own. */
  defaultProfile: SignatureProfile;
  timeoutMs: number;
  /**
   * The register served by the callback URLs without a token, `<base>/{intermediate,success,decline}`
   * (and the one callers not yet register-aware use): this project_id, else the oldest register.
   */
  defaultProjectId: string | null;
}

function installationProfile(): SignatureProfile {
  const parsed = parseSignatureProfile(env.HIGHHELP_SIGNATURE_PROFILE ?? "");
  if (!parsed.ok) throw new ConfigError(`Invalid configuration:\n  HIGHHELP_SIGNATURE_PROFILE: ${parsed.error}`);
  return parsed.profile;
}

export function gatewayBuildOptions(): GatewayBuildOptions {
  return {
    callbackBaseUrl: callbackBaseUrl(),
    sandboxApiUrl: env.sandboxMode ? `http://127.0.0.1:${env.SANDBOX_PORT}` : null,
    defaultProfile: installationProfile(),
    timeoutMs: env.HIGHHELP_TIMEOUT_MS,
    defaultProjectId: env.sandboxMode ? SANDBOX_PROJECT_ID : (env.HIGHHELP_PROJECT_ID ?? null),
  };
}

function buildGateway(material: RegisterMaterial, options: GatewayBuildOptions, isDefault: boolean): Gateway {
  let profile = options.defaultProfile;
  if (material.signatureProfile !== null) {
    const parsed = parseSignatureProfile(material.signatureProfile);
    if (!parsed.ok) throw new ConfigError(`cash register "${material.name}": signature profile: ${parsed.error}`);
    profile = parsed.profile;
  }
  const apiUrl = options.sandboxApiUrl ?? material.apiUrl;
  const signer = createHighHelpSigner({
    merchantId: material.projectId,
    key:
      material.requestAlgorithm === "hmac"
        ? { kind: "hmac", secret: material.requestKey }
        : { kind: "rsa", privateKey: material.requestKey },
    profile,
  });
  return {
    registerId: material.id,
    name: material.name,
    projectId: material.projectId,
    apiUrl,
    sandbox: options.sandboxApiUrl !== null,
    status: material.status,
    currencies: material.currencies,
    methods: material.methods,
    client: createHighHelpClient({
      baseUrl: apiUrl,
      projectId: material.projectId,
      signer,
      timeoutMs: options.timeoutMs,
      logger,
      observe: observeHighHelpRequest,
    }),
    alertKeys: material.alertKeys.map((k) => ({
      id: k.id,
      fingerprint: k.fingerprint,
      retiresAt: k.retiresAt,
      key:
        k.algorithm === "hmac"
          ? prepareVerificationKey({ kind: "hmac", secret: k.key })
          : prepareVerificationKey({ kind: "rsa", publicKey: k.key }),
    })),
    profile,
    // The default register keeps the URLs without a token, which existing setups entered in HighHelp's cabinet.
    callbackUrls: isDefault
      ? urlsUnder(options.callbackBaseUrl)
      : registerCallbackUrls(material.callbackToken, options.callbackBaseUrl),
  };
}

interface Snapshot {
  list: Gateway[];
  byProject: Map<string, Gateway>;
  byToken: Map<string, Gateway>;
  fallback: Gateway | null;
  loadedAt: number;
}

export interface GatewayRegistry {
  /** The gateway of an application's register; a not_found AppError when no register has this project_id. */
  forProject(projectId: string): Promise<Gateway>;
  /** The register whose callback URLs carry `token`; null when none does. Never a database round trip once loaded. */
  forCallbackToken(token: string): Promise<Gateway | null>;
  /** The register behind the callback URLs without a token; null when there is no register at all. */
  forDefaultCallback(): Promise<Gateway | null>;
  /** For callers not yet register-aware; a not_found AppError when there is no register. */
  defaultGateway(): Promise<Gateway>;
  list(): Promise<Gateway[]>;
  /** Reloads from the database now; a failure keeps the previous gateways (and is thrown). */
  reload(): Promise<void>;
  /** Stops listening (timers, NOTIFY, invalidations). */
  stop(): Promise<void>;
}

export const REFRESH_MS = 60_000;

/**
 * A cache of built gateways over `db`: loaded on first use, reloaded by invalidateRegisters() in
 * this process, by NOTIFY from other instances (when `listen` is given), and when older than
 * `refreshMs` (in the background: callers get the current gateways meanwhile).
 */
export function createGatewayRegistry(config: {
  db: () => Promise<Database>;
  box: () => SecretBox;
  options: () => GatewayBuildOptions;
  listen?: () => Promise<DatabaseHandle["listen"] | null>;
  refreshMs?: number;
  /** Reload on invalidateRegisters() in this process (default true; tests of NOTIFY turn it off). */
  localInvalidation?: boolean;
}): GatewayRegistry {
  const refreshMs = config.refreshMs ?? REFRESH_MS;
  let snapshot: Snapshot | null = null;
  let first: Promise<Snapshot> | null = null;
  let background: Promise<unknown> | null = null;
  let started = 0;
  let applied = 0;
  let stopListening: (() => Promise<void>) | null = null;
  let stopped = false;

  async function build(): Promise<Snapshot> {
    const db = await config.db();
    const options = config.options();
    const materials = await loadRegisterMaterial(db, config.box());
    const defaultIndex = Math.max(
      0,
      materials.findIndex((m) => m.projectId === options.defaultProjectId),
    );
    const list = materials.map((m, i) => buildGateway(m, options, i === defaultIndex));
    return {
      list,
      byProject: new Map(list.map((g) => [g.projectId, g])),
      byToken: new Map(materials.map((m, i) => [m.callbackToken, list[i]!])),
      fallback: list[defaultIndex] ?? null,
      loadedAt: Date.now(),
    };
  }

  /** Loads and installs a snapshot unless a load started later has installed one already. */
  async function load(): Promise<Snapshot> {
    const mine = ++started;
    const next = await build();
    if (mine > applied) {
      applied = mine;
      snapshot = next;
    }
    void startListening();
    return snapshot!;
  }

  /** One background load at a time; a request for another while one runs is served right after it (it may predate the change). */
  let again = false;
  function refreshInBackground(reason: string): void {
    if (stopped) return;
    if (background !== null) {
      again = true;
      return;
    }
    background = load()
      .catch((error: unknown) => {
        logger.error(`registers: reload (${reason}) failed; keeping the gateways loaded before`, { error });
        // Tried again after refreshMs, not on every request meanwhile.
        if (snapshot !== null) snapshot.loadedAt = Date.now();
      })
      .finally(() => {
        background = null;
        if (again) {
          again = false;
          refreshInBackground(reason);
        }
      });
  }

  async function current(): Promise<Snapshot> {
    if (snapshot === null) {
      first ??= load().finally(() => {
        first = null;
      });
      return first;
    }
    if (Date.now() - snapshot.loadedAt > refreshMs) refreshInBackground("periodic");
    return snapshot;
  }

  let listening = false;
  async function startListening(): Promise<void> {
    if (listening || stopped || !config.listen) return;
    listening = true;
    const listen = await config.listen();
    if (listen === null || stopped) return;
    stopListening = listen(
      REGISTERS_CHANNEL,
      () => refreshInBackground("notified"),
      () => refreshInBackground("listener reconnected"),
    );
  }

  // Nothing loaded nor loading: the first use loads the change anyway.
  const unsubscribe =
    config.localInvalidation === false
      ? () => {}
      : onRegistersInvalidated(() => (stopped || (snapshot === null && first === null) ? undefined : registry.reload()));

  const registry: GatewayRegistry = {
    async forProject(projectId) {
      let gateway = (await current()).byProject.get(projectId);
      if (gateway === undefined) {
        // Perhaps created a moment ago by another instance whose NOTIFY is still on its way.
        await registry.reload();
        gateway = snapshot?.byProject.get(projectId);
      }
      if (gateway === undefined) {
        throw new AppError("not_found:register", `No cash register has project_id ${projectId}.`);
      }
      return gateway;
    },
    async forCallbackToken(token) {
      return (await current()).byToken.get(token) ?? null;
    },
    async forDefaultCallback() {
      return (await current()).fallback;
    },
    async defaultGateway() {
      const gateway = (await current()).fallback;
      if (gateway === null) throw new AppError("not_found:register", "registers.errors.noneYet");
      return gateway;
    },
    async list() {
      return (await current()).list;
    },
    async reload() {
      await load();
    },
    async stop() {
      stopped = true;
      unsubscribe();
      await stopListening?.();
    },
  };
  return registry;
}

// ---------------------------------------------------------------------------------------------
// The process's registers
// ---------------------------------------------------------------------------------------------

// On globalThis: Next loads route handlers and pages as separate module graphs.
const holder = globalThis as unknown as { __backofficeGateways?: GatewayRegistry };

function processRegistry(): GatewayRegistry {
  holder.__backofficeGateways ??= createGatewayRegistry({
    db: async () => (await getDatabase()).db,
    box: getSecretBox,
    options: gatewayBuildOptions,
    listen: async () => (await getDatabase()).listen,
  });
  return holder.__backofficeGateways;
}

/** The gateway of the register with this project_id (an application's): not_found AppError when there is none. */
export function gatewayForProject(projectId: string): Promise<Gateway> {
  return processRegistry().forProject(projectId);
}

/** The register whose callback URLs carry this token, or null. */
export function gatewayForCallbackToken(token: string): Promise<Gateway | null> {
  return processRegistry().forCallbackToken(token);
}

/** Every register, oldest first. */
export function listGateways(): Promise<Gateway[]> {
  return processRegistry().list();
}

/**
 * The default register: the one of HIGHHELP_PROJECT_ID (the sandbox's first register in sandbox
 * mode), else the oldest one. The pages no longer use it: each chooses or lists its registers.
 */
export function defaultGateway(): Promise<Gateway> {
  return processRegistry().defaultGateway();
}

/**
 * The register a new payin or payout goes to: the one the form chose (active, serving the currency
 * and method), else the first active one serving the currency. `scope`: the registers the
 * user may use. A refusal is a validation error shown next to its field.
 */
export async function gatewayForNewApplication(
  choice: { register?: string | null; currency: string; method?: string },
  scope: ProjectScope = "all",
): Promise<Gateway> {
  const gateways = (await listGateways()).filter((g) => inScope(scope, g.projectId));
  const chosen = chooseRegister(gateways, choice);
  if (!chosen.ok) throw new AppError("bad_request:register", chosen.message, { [chosen.field]: [chosen.message] });
  return chosen.register;
}

/** The register behind `/api/highhelp/callback/{kind}` (no token), or null when there is none. */
export function defaultCallbackGateway(): Promise<Gateway | null> {
  return processRegistry().forDefaultCallback();
}

/** An application's register client, for reconciliation and staff operations. */
export async function clientForProject(projectId: string): Promise<HighHelpClient> {
  return (await gatewayForProject(projectId)).client;
}

// ---------------------------------------------------------------------------------------------
// First start: the environment's register, or the sandbox's
// ---------------------------------------------------------------------------------------------

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

/**
 * The register the HIGHHELP_* variables describe, checked like lib/server/env checks everything
 * else (a ConfigError naming each wrong variable). Read once, when the registers table is empty.
 */
export function environmentRegister(): RegisterSeed {
  const problems: string[] = [];
  const projectId = env.HIGHHELP_PROJECT_ID;
  if (projectId === undefined) problems.push("  HIGHHELP_PROJECT_ID: required to import the cash register (first start)");
  const requestVar = env.HIGHHELP_REQUEST_ALGORITHM === "hmac" ? "HIGHHELP_HMAC_KEY" : "HIGHHELP_PRIVATE_KEY";
  const alertVar = env.HIGHHELP_ALERT_ALGORITHM === "hmac" ? "HIGHHELP_ALERT_HMAC_KEY" : "HIGHHELP_ALERT_PUBLIC_KEY";
  const requestKey = secret(requestVar, `${requestVar}_FILE` as keyof typeof env);
  const alertKey = secret(alertVar, `${alertVar}_FILE` as keyof typeof env);
  const what = { request: `for ${env.HIGHHELP_REQUEST_ALGORITHM.toUpperCase()} request signing`, alert: "to verify alerts" };
  if (requestKey === undefined) problems.push(`  ${requestVar}_FILE: required (or ${requestVar}) ${what.request}`);
  else {
    const checked = checkKey("request", env.HIGHHELP_REQUEST_ALGORITHM, requestKey);
    if (!checked.ok) problems.push(`  ${requestVar}: ${translateText("en", checked.problem)}`);
  }
  if (alertKey === undefined) problems.push(`  ${alertVar}_FILE: required (or ${alertVar}) ${what.alert}`);
  else {
    const checked = checkKey("alert", env.HIGHHELP_ALERT_ALGORITHM, alertKey);
    if (!checked.ok) problems.push(`  ${alertVar}: ${translateText("en", checked.problem)}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration (no cash register yet; importing the one of the environment):\n${problems.join("\n")}\nSee README.md, section Connecting a cash register.`,
    );
  }
  return {
    name: `Cash register ${projectId!.slice(0, 8)}`,
    projectId: projectId!,
    apiUrl: env.HIGHHELP_API_URL!,
    requestAlgorithm: env.HIGHHELP_REQUEST_ALGORITHM,
    requestKey: requestKey!,
    alertAlgorithm: env.HIGHHELP_ALERT_ALGORITHM,
    alertKey: alertKey!,
    signatureProfile: null,
    currencies: [],
    methods: [],
  };
}

/** The sandbox's registers (sandbox/keys.ts), with their keys. */
export function sandboxRegisters(): RegisterSeed[] {
  return ensureSandboxRegisters(env.dataDir).map((r) => ({
    name: r.name,
    projectId: r.projectId,
    apiUrl: `http://127.0.0.1:${env.SANDBOX_PORT}`,
    requestAlgorithm: r.request.kind,
    requestKey: r.request.kind === "rsa" ? r.request.privateKeyPem : r.request.secret,
    alertAlgorithm: r.alert.kind,
    alertKey: r.alert.kind === "rsa" ? r.alert.publicKeyPem : r.alert.secret,
    signatureProfile: null,
    currencies: r.currencies,
    methods: [],
  }));
}

/**
 * Start-up: imports the first registers when there are none (idempotent; safe with several
 * instances starting at once), keeps the sandbox's registers on the sandbox's keys, then loads
 * every gateway, so that a key that does not open stops the start with a clear message.
 */
export async function ensureRegisters(db: Database): Promise<Gateway[]> {
  if (env.sandboxMode) {
    const seeds = sandboxRegisters();
    await bootstrapRegisters(db, () => seeds);
    await syncSandboxRegisterKeys(db, seeds);
  } else {
    await bootstrapRegisters(db, () => [environmentRegister()]);
  }
  try {
    await processRegistry().reload();
  } catch (error) {
    if (error instanceof RegisterSecretError) throw new ConfigError(`Cannot open the stored keys: ${error.message}`);
    throw error;
  }
  const gateways = await listGateways();
  if (
    !env.sandboxMode &&
    env.HIGHHELP_PROJECT_ID !== undefined &&
    !gateways.some((g) => g.projectId === env.HIGHHELP_PROJECT_ID)
  ) {
    logger.warn("registers: HIGHHELP_PROJECT_ID names no cash register; the variables are read on the first start only", {
      projectId: env.HIGHHELP_PROJECT_ID,
    });
  }
  return gateways;
}
