import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answers, freePort, start, waitFor, type Child } from "./processes";

/*
 * The standalone server (`output: "standalone"`, README: Running in production) as a deployment runs it:
 * `node .next/standalone/server.js` from another directory, with a fake OTLP collector to show that traces
 * leave only when OTEL_EXPORTER_OTLP_ENDPOINT names one. Needs `npm run build` first (the end-to-end run
 * builds); without a build it is skipped.
 */
const SERVER = path.resolve(".next/standalone/server.js");

describe.skipIf(!fs.existsSync(SERVER))("the standalone server", () => {
  let server: Child;
  let collector: http.Server;
  const traces: string[] = [];
  let base = "";
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "standalone-"));

  beforeAll(async () => {
    collector = http.createServer((request, response) => {
      traces.push(request.url ?? "");
      request.resume();
      request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end("{}"));
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const collectorPort = (collector.address() as { port: number }).port;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = start(process.execPath, [SERVER], {
      cwd: os.tmpdir(),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        ALLOW_SANDBOX_IN_PRODUCTION: "true",
        AUTH_SECRET: "standalone-test-secret-0123456789abcdefghijkl",
        SECRETS_KEY: "dml0ZXN0LW9ubHktbWFzdGVyLWtleS0zMi1ieXRlcyE=",
        PAN_FINGERPRINT_KEY: "standalone-test-fingerprint-0123456789abcdef",
        DATA_DIR: dataDir,
        RECONCILER: "off",
        DEMO_USERS: "false",
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
        OTEL_BSP_SCHEDULE_DELAY: "200",
      },
    });
    await waitFor(
      () => answers(`${base}/api/health/live`),
      90_000,
      () => server.output(),
    );
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => collector?.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers its liveness probe, migrates its own database and serves the static assets beside it", async () => {
    expect(await answers(`${base}/api/health/live`)).toBe(true);
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    const html = await login.text();
    const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(`${base}${asset}`)).status).toBe(200);
  });

  it("sends traces to the collector OTEL_EXPORTER_OTLP_ENDPOINT names", async () => {
    await fetch(`${base}/login`);
    await waitFor(
      async () => traces.some((url) => url.startsWith("/v1/traces")),
      30_000,
      () => `collector saw ${traces.join(", ")}`,
    );
  });

  it("gives every page response the request id its log lines carry", async () => {
    const response = await fetch(`${base}/login`);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${base}/login`, { headers: { "x-request-id": "front-proxy-0001" } });
    expect(kept.headers.get("x-request-id")).toBe("front-proxy-0001");
  });
});
