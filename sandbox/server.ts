/**
 * The sandbox gateway's HTTP side (plain node:http): start-up, the server, body reading and
 * dispatch. The routes live in routes/: HighHelp's signed endpoints under /api/ (api.ts, then
 * applications.ts or service.ts), the unsigned control API under /sandbox (control.ts), the
 * merchant cabinet at /cabinet (cabinet.ts), the overview page at / and the payer's page at
 * /pay/<request_id> (pages.ts).
 */
import { createPrivateKey } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

import { DEFAULT_SIGNATURE_PROFILE, prepareVerificationKey, type SigningKey } from "@/lib/highhelp";

import { createDeliveries } from "./callbacks";
import {
  DEFAULT_CALLBACK_BACKOFF_MS,
  DEFAULT_CALLBACK_RETRIES,
  DEFAULT_CALLBACK_TIMEOUT_MS,
  DEFAULT_SANDBOX_PORT,
  DEFAULT_START_BALANCE,
  DEFAULT_STEP_MS,
  SandboxConfigError,
  type SandboxOptions,
} from "./config";
import { createEngine } from "./engine";
import { parseFaultSpec, type FaultSet } from "./faults";
import {
  ensureSandboxKeys,
  ensureSandboxRegisters,
  SANDBOX_PROJECT_ID,
  writeSandboxRegister,
  type SandboxKeys,
  type SandboxRegister,
} from "./keys";
import { handleApi } from "./routes/api";
import { handleCabinet } from "./routes/cabinet";
import { fail, type Answer, type RegisterInfo, type RouteContext, type Routed } from "./routes/context";
import { handleControl } from "./routes/control";
import { handleOverview, handlePay } from "./routes/pages";
import { openStateStore, startBook } from "./state";

/** Requests are a few KiB; anything larger is refused unread. */
const MAX_BODY_BYTES = 64 * 1024;

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  projectId: string;
  dataDir: string;
  /** The first cash register's key pairs, `<dataDir>/sandbox/keys.json` (the merchant's to sign requests, the alert public key to verify). */
  keys: SandboxKeys;
  /** Every cash register the sandbox serves (the first is `projectId`), with its keys. */
  registers: SandboxRegister[];
  /** Closes the server, stops timers and deliveries; pending alerts stay in the state for the next start. */
  stop(): Promise<void>;
}

interface Route {
  matches(path: string, method: string | undefined): boolean;
  handle(ctx: RouteContext, req: http.IncomingMessage, url: URL): Routed | Promise<Routed>;
}

/** First match wins; nothing matched is a 404. */
const ROUTES: Route[] = [
  { matches: (path) => path.startsWith("/api/"), handle: (ctx, req, url) => handleApi(ctx, req, url.pathname) },
  {
    matches: (path) => path === "/sandbox" || path.startsWith("/sandbox/"),
    handle: async (ctx, req, url) => ({ answer: await handleControl(ctx, req, url), paymentId: null }),
  },
  {
    matches: (path) => path === "/cabinet" || path.startsWith("/cabinet/"),
    handle: async (ctx, req, url) => ({ answer: await handleCabinet(ctx, req, url), paymentId: null }),
  },
  {
    matches: (path) => path.startsWith("/pay/"),
    handle: (ctx, req, url) => ({ answer: handlePay(ctx, req, url), paymentId: null }),
  },
  {
    matches: (path, method) => path === "/" && (method === "GET" || method === "HEAD"),
    handle: (ctx) => ({ answer: handleOverview(ctx), paymentId: null }),
  },
];

function bodyText(req: http.IncomingMessage): Promise<{ ok: true; text: string } | { ok: false }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? { ok: false } : { ok: true, text: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", reject);
  });
}

async function readBody(req: http.IncomingMessage): Promise<{ ok: true; text: string } | { ok: false; answer: Answer }> {
  const read = await bodyText(req);
  return read.ok ? read : { ok: false, answer: fail(413, `The body exceeds ${MAX_BODY_BYTES} bytes`) };
}

/** Starts the sandbox gateway. Resolves once it listens; `port: 0` picks a free port. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
  const profile = options.signatureProfile ?? DEFAULT_SIGNATURE_PROFILE;
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? ((line: string) => console.log(`${new Date().toISOString()} ${line}`));
  let startFaults: FaultSet = {};
  if (typeof options.faults === "string") {
    const parsed = parseFaultSpec(options.faults);
    if (!parsed.ok) throw new SandboxConfigError(`Invalid sandbox faults: ${parsed.error}`);
    startFaults = parsed.faults;
  } else if (options.faults !== undefined) {
    startFaults = options.faults;
  }
  const startBalances = options.startBalances ?? {};

  const keys = ensureSandboxKeys(options.dataDir);
  const registerList = ensureSandboxRegisters(options.dataDir);
  const registers = new Map<string, RegisterInfo>();
  const alertKeys = new Map<string, SigningKey>();
  /** Puts a register in the running maps: its requests verify and its alerts are signed from now on. */
  function serve(register: SandboxRegister): void {
    const { projectId, name, currencies, request, alert } = register;
    registers.set(projectId, {
      projectId,
      name,
      currencies: [...currencies],
      requestAlgorithm: request.kind,
      requestKey:
        request.kind === "rsa"
          ? prepareVerificationKey({ kind: "rsa", publicKey: request.publicKeyPem })
          : prepareVerificationKey({ kind: "hmac", secret: request.secret }),
    });
    alertKeys.set(
      projectId,
      alert.kind === "rsa"
        ? { kind: "rsa", privateKey: createPrivateKey(alert.privateKeyPem) }
        : { kind: "hmac", secret: alert.secret },
    );
  }
  for (const register of registerList) serve(register);
  const store = openStateStore(options.dataDir);

  const hanging = new Set<Socket>();
  const hangTimers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  /** Set once the engine runs; until then every request is a 503. */
  let context: RouteContext | undefined = undefined;
  let stopping = false;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  async function route(req: http.IncomingMessage): Promise<Routed> {
    const ctx = context;
    if (ctx === undefined || stopping) return { answer: fail(503, "The sandbox is starting or stopping"), paymentId: null };
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const match = ROUTES.find((r) => r.matches(url.pathname, req.method));
    if (match !== undefined) return match.handle(ctx, req, url);
    return { answer: fail(404, `Nothing at ${req.method} ${url.pathname}`), paymentId: null };
  }

  function send(req: http.IncomingMessage, res: http.ServerResponse, answer: Answer): void {
    switch (answer.kind) {
      case "json":
        res.writeHead(answer.status, {
          "content-type": "application/json; charset=utf-8",
          "cache-control": "no-store",
          ...answer.headers,
        });
        res.end(JSON.stringify(answer.body));
        return;
      case "html":
        res.writeHead(answer.status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : answer.html);
        return;
      case "redirect":
        res.writeHead(303, { location: answer.location });
        res.end();
        return;
      case "hang": {
        const socket = req.socket;
        if (answer.ms === 0) {
          socket.destroy();
          return;
        }
        hanging.add(socket);
        socket.once("close", () => hanging.delete(socket));
        const timer = setTimeout(() => {
          hangTimers.delete(timer);
          socket.destroy();
        }, answer.ms);
        hangTimers.add(timer);
      }
    }
  }

  const server = http.createServer((req, res) => {
    const started = performance.now();
    route(req)
      .then(({ answer, paymentId }) => {
        send(req, res, answer);
        const isApi = (req.url ?? "").startsWith("/api/");
        if (isApi || req.method !== "GET") {
          const status = answer.kind === "hang" ? "no answer (fault)" : answer.kind === "redirect" ? 303 : answer.status;
          const id = paymentId === null ? "" : ` payment_id=${paymentId}`;
          log(`${req.method} ${req.url} -> ${status}${id} (${Math.round(performance.now() - started)} ms)`);
        }
      })
      .catch((error: unknown) => {
        log(`${req.method} ${req.url} -> 500: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) send(req, res, fail(500, "Internal sandbox error"));
        else res.destroy();
      });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_SANDBOX_PORT, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const deliveries = createDeliveries({
    store,
    alertKeyFor: (projectId) => alertKeys.get(projectId) ?? alertKeys.get(SANDBOX_PROJECT_ID)!,
    profile,
    retries: options.callbackRetries ?? DEFAULT_CALLBACK_RETRIES,
    backoffMs: options.callbackBackoffMs ?? DEFAULT_CALLBACK_BACKOFF_MS,
    timeoutMs: options.callbackTimeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS,
    log,
    isFinal: (paymentId) => {
      const status = store.state.applications[paymentId]?.status;
      return status === "success" || status === "decline";
    },
  });
  const engine = createEngine({
    store,
    deliveries,
    baseUrl,
    stepMs,
    startFaults,
    startBook: (projectId) => startBook(registers.get(projectId)?.currencies ?? [], startBalances, DEFAULT_START_BALANCE),
    log,
  });
  engine.resume();
  deliveries.resume();
  const addRegister = (register: SandboxRegister): void => {
    if (registers.has(register.projectId)) throw new Error(`a cash register ${register.projectId} already exists`);
    // Written first: a register the sandbox serves must survive its restart.
    writeSandboxRegister(options.dataDir, register);
    serve(register);
    registerList.push(register);
    log(`cash register ${register.projectId} created (${register.name}, ${register.request.kind} keys)`);
  };
  context = {
    engine,
    store,
    deliveries,
    baseUrl,
    registers,
    addRegister,
    profile,
    log,
    sleep,
    stopping: () => stopping,
    readBody,
  };

  let stopped: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    projectId: SANDBOX_PROJECT_ID,
    dataDir: options.dataDir,
    keys,
    registers: registerList,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        engine.stop();
        for (const wake of [...sleepers]) wake();
        for (const timer of hangTimers) clearTimeout(timer);
        for (const socket of hanging) socket.destroy();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await deliveries.stop();
        await closed;
        store.close();
      })();
      return stopped;
    },
  };
}
