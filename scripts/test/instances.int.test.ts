import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { count, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, statusEvents } from "@/drizzle/schema";
import { createUser } from "@/lib/accounts/commands";
import { signAlert } from "@/lib/highhelp";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db-open";
import { randomSuffix } from "@/lib/server/ids";
import { pem, signIn, throwawayDatabases } from "@/scripts/bench/support";
import { answers, freePort, start, waitFor, type Child } from "./processes";

/*
 * Several instances on one PostgreSQL database, as README's "Running in production" describes: two `next start`
 * of the same build, started in the same second on an empty database, and the worker, behind a round-robin
 * proxy (a load balancer that skips an instance it cannot reach). HighHelp is a fake that answers `info` and
 * notes overlapping polls of one application. Needs DATABASE_URL and `npm run build`; skipped otherwise.
 */
const ADMIN_URL = process.env.DATABASE_URL;
const BUILT = fs.existsSync(path.resolve(".next/BUILD_ID"));
const PROJECT_ID = "c4d5e6f7-0000-4000-8000-0000000a11ce";
const STEPS: Array<[string, string | null]> = [
  ["processing", "new"],
  ["processing", "requisites"],
  ["processing", "paid"],
  ["success", null],
];

describe.skipIf(!ADMIN_URL || !BUILT)("two instances and the worker on one database", () => {
  const databases = throwawayDatabases(ADMIN_URL ?? "postgres://unused");
  const name = `backoffice_instances_${randomSuffix(6)}`;
  const alertKeys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const merchant = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const instances: Child[] = [];
  let worker: Child;
  let db: DatabaseHandle;
  let gateway: http.Server;
  let proxy: http.Server;
  let proxyBase = "";
  const ports: number[] = [];
  const served = new Map<number, number>();
  const infoCalls = new Map<string, number>();
  const inFlight = new Set<string>();
  let overlaps = 0;

  beforeAll(async () => {
    await databases.create(name);
    // HighHelp: `info` says every application succeeded, after a pause that would let a second poller overlap.
    gateway = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        if (!request.url?.endsWith("/info")) return void response.writeHead(404).end("{}");
        const paymentId = String((JSON.parse(body) as { general?: { payment_id?: string } }).general?.payment_id);
        infoCalls.set(paymentId, (infoCalls.get(paymentId) ?? 0) + 1);
        if (inFlight.has(paymentId)) overlaps++;
        inFlight.add(paymentId);
        setTimeout(() => {
          inFlight.delete(paymentId);
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify({ status: "success", sub_status: null, payment_id: paymentId, project_id: PROJECT_ID }));
        }, 300);
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
    const gatewayPort = (gateway.address() as { port: number }).port;

    ports.push(await freePort(), await freePort());
    let next = 0;
    proxy = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => forward(Buffer.concat(chunks), 0));
      // Round robin; an instance that does not answer is skipped, as a load balancer's health check would.
      const forward = (body: Buffer, tries: number) => {
        const port = ports[next++ % ports.length]!;
        const upstream = http.request(
          { host: "127.0.0.1", port, method: request.method, path: request.url, headers: request.headers },
          (answer) => {
            served.set(port, (served.get(port) ?? 0) + 1);
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        upstream.on("error", () => {
          // Cut off after the answer began: the caller sees a broken answer and retries, as HighHelp does.
          if (response.headersSent) response.destroy();
          else if (tries < ports.length) forward(body, tries + 1);
          else response.writeHead(502).end();
        });
        upstream.end(body);
      };
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyBase = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databases.url(name),
      AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      SECRETS_KEY: crypto.randomBytes(32).toString("base64"),
      PAN_FINGERPRINT_KEY: crypto.randomBytes(32).toString("base64url"),
      APP_PUBLIC_URL: "https://backoffice.example",
      HIGHHELP_API_URL: `http://127.0.0.1:${gatewayPort}`,
      HIGHHELP_PROJECT_ID: PROJECT_ID,
      HIGHHELP_PRIVATE_KEY: pem(merchant.privateKey, "pkcs8"),
      HIGHHELP_ALERT_PUBLIC_KEY: pem(alertKeys.publicKey, "spki"),
      DEMO_USERS: "false",
      RECONCILER: "app",
      RECONCILE_INTERVAL_MS: "300",
      LOG_LEVEL: "warn",
    };
    const nextBin = path.resolve("node_modules/next/dist/bin/next");
    // Both in the same second, on an empty database: neither migrates PostgreSQL, both wait unready until the
    // release step has run; then the first register's import races.
    for (const port of ports)
      instances.push(start(process.execPath, [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], { env }));
    for (const [i, port] of ports.entries())
      await waitFor(
        () => answers(`http://127.0.0.1:${port}/api/health/ready`, 503),
        120_000,
        () => instances[i]!.output(),
      );
    const release = start(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/ops/db-migrate.ts"], {
      env,
    });
    await waitFor(
      async () => release.process.exitCode !== null,
      120_000,
      () => release.output(),
    );
    expect(release.process.exitCode, release.output()).toBe(0);
    for (const [i, port] of ports.entries())
      await waitFor(
        () => answers(`http://127.0.0.1:${port}/api/health/ready`),
        120_000,
        () => instances[i]!.output(),
      );
    worker = start(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/ops/worker.ts"], { env });
    db = await openDatabase({ kind: "postgres", url: databases.url(name), max: 4 });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...instances.map((child) => child.stop()), worker?.stop()]);
    await db?.close();
    proxy?.closeAllConnections();
    gateway?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    await new Promise((resolve) => gateway?.close(resolve));
    await databases.drop(name).catch(() => {});
  }, 60_000);

  it("signs a user in through one instance and keeps them working through the other", async () => {
    await createUser(db.db, { email: "ops@backoffice.test", name: "Ops", role: "operator", password: "ops long password 1" });
    const jar = await signIn(`http://127.0.0.1:${ports[0]}`, "ops@backoffice.test", "ops long password 1");
    const page = await fetch(`http://127.0.0.1:${ports[1]}/payins`, { headers: { cookie: jar.header() }, redirect: "manual" });
    expect(page.status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const through = await fetch(`${proxyBase}/payins`, { headers: { cookie: jar.header() }, redirect: "manual" });
      expect(through.status).toBe(200);
    }
  }, 60_000);

  it("polls every due application once, whichever instance or worker claims it", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `POLL-${i}`);
    await db.db.insert(applications).values(
      ids.map((paymentId) => ({
        projectId: PROJECT_ID,
        paymentId,
        type: "payin" as const,
        product: "p2p" as const,
        integration: "h2h" as const,
        amount: 5_000,
        currency: "KZT",
        status: "processing" as const,
        subStatus: "new",
        submission: "sent" as const,
        nextPollAt: new Date(Date.now() - 1_000),
        createdAt: new Date(Date.now() - 3_600_000),
      })),
    );
    await waitFor(
      async () => {
        const rows = await db.db
          .select({ status: applications.status })
          .from(applications)
          .where(like(applications.paymentId, "POLL-%"));
        return rows.every((row) => row.status === "success");
      },
      60_000,
      () => `info calls: ${JSON.stringify([...infoCalls])}`,
    );
    expect(overlaps).toBe(0);
    expect(ids.map((id) => infoCalls.get(id))).toEqual(ids.map(() => 1));
  }, 90_000);

  it("applies callbacks spread over both instances exactly once, and the survivor finishes when one is killed", async () => {
    const events = (prefix: string, apps: number) =>
      STEPS.flatMap(([status, subStatus]) =>
        Array.from({ length: apps }, (_, app) => {
          const now = Math.floor(Date.now() / 1000);
          const body = {
            project_id: PROJECT_ID,
            general: { request_id: `req-${prefix}-${app}`, payment_id: `${prefix}-${app}` },
            status: { status, sub_status: subStatus, status_description: null },
            payment_info: { amount: 150_000, initial_amount: 150_000, currency: "KZT", type: "payin", method: "card-p2p" },
          };
          const { headers } = signAlert({
            body,
            timestamp: now,
            key: { kind: "rsa", privateKey: alertKeys.privateKey },
            merchantId: PROJECT_ID,
          });
          return {
            path: `/api/highhelp/callback/${status === "success" ? "success" : "intermediate"}`,
            headers,
            body: JSON.stringify(body),
          };
        }),
      );
    // HighHelp retries a delivery until it is answered 2xx; each is also sent twice on purpose.
    const deliver = async (event: { path: string; headers: Record<string, string>; body: string }) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const answer = await fetch(`${proxyBase}${event.path}`, {
          method: "POST",
          headers: { ...event.headers, "content-type": "application/json" },
          body: event.body,
          signal: AbortSignal.timeout(10_000),
        })
          .then(async (answer) => ({ ok: answer.ok, body: await answer.arrayBuffer() }))
          .catch(() => null);
        if (answer?.ok) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`not delivered: ${event.body}`);
    };
    const run = async (list: ReturnType<typeof events>, onHalf?: () => void) => {
      let sent = 0;
      const queue = [...list, ...list];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let event = queue.shift(); event; event = queue.shift()) {
            await deliver(event);
            if (++sent === Math.floor(list.length) && onHalf) onHalf();
          }
        }),
      );
    };

    await run(events("CB", 20));
    expect([...served.keys()].sort()).toEqual([...ports].sort());
    // Mid-load, one instance dies without a word; the proxy and HighHelp's retries carry on with the other.
    let survivorBefore = 0;
    await run(events("KILL", 20), () => {
      survivorBefore = served.get(ports[1]!) ?? 0;
      void instances[0]!.stop("SIGKILL");
    });
    expect(instances[0]!.process.signalCode).toBe("SIGKILL");
    expect(served.get(ports[1]!) ?? 0).toBeGreaterThan(survivorBefore + 20);
    for (const prefix of ["CB", "KILL"]) {
      const apps = await db.db
        .select({ id: applications.id, status: applications.status })
        .from(applications)
        .where(like(applications.paymentId, `${prefix}-%`));
      expect(apps).toHaveLength(20);
      expect(apps.every((app) => app.status === "success")).toBe(true);
      const perApp = await db.db
        .select({ applicationId: statusEvents.applicationId, n: count() })
        .from(statusEvents)
        .where(
          inArray(
            statusEvents.applicationId,
            apps.map((app) => app.id),
          ),
        )
        .groupBy(statusEvents.applicationId);
      expect(perApp.map((row) => row.n)).toEqual(apps.map(() => STEPS.length));
    }
    expect(await answers(`http://127.0.0.1:${ports[1]}/api/health/live`)).toBe(true);
  }, 180_000);
});
