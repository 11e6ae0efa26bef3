import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { appSettings } from "@/drizzle/schema";
import { openDatabase } from "@/lib/server/db-open";
import { randomSuffix } from "@/lib/server/ids";
import { processTreeCpuMs, startSignedIn, stopServer, type SignedInServer } from "./support";

/*
 * npm run bench:pages-ab — two production servers of the app, A and B, on the same PostgreSQL database, timed on the
 * same pages in turns (A B, B A, …), so that what the machine does meanwhile weighs on both alike. For a change
 * worth a millisecond or two, which one server timed after the other cannot tell from noise. Prints per page and
 * server the latency (p25, p50, p95) and the server's CPU time per request (user + system, from /proc).
 *
 * B differs from A by its environment, its Node.js (its version or its flags), or its checkout: another working tree of the app with
 * its own `npm run build` (a git worktree with node_modules linked in, say). The database is one that
 * `npm run bench:lists -- --keep NAME --prepare-only` seeded.
 *
 *   --database bench_lists_1m          the kept database
 *   --pages "/forbidden,/payins?q=NO-SUCH-PAYMENT"
 *   --repeat 200                       timed requests per page and server (after --warm rounds over every page)
 *   --warm 150
 *   --b-env "NAME=value NAME2=value"   B's extra environment (likewise --a-env)
 *   --b-node=--max-semi-space-size=64  B's Node.js flags, after an equals sign (likewise --a-node)
 *   --b-dir ../other-checkout          B's checkout (likewise --a-dir; default: this one)
 *   --b-exec /opt/node22/bin/node      B's Node.js (likewise --a-exec; default: the one running this script)
 *   --database-url                     PostgreSQL server (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
 */

const { values: args } = parseArgs({
  options: {
    database: { type: "string", default: "bench_lists_1m" },
    pages: { type: "string", default: "/forbidden,/preferences,/payins?q=NO-SUCH-PAYMENT" },
    repeat: { type: "string", default: "200" },
    warm: { type: "string", default: "150" },
    "a-env": { type: "string", default: "" },
    "b-env": { type: "string", default: "" },
    "a-node": { type: "string", default: "" },
    "b-node": { type: "string", default: "" },
    "a-dir": { type: "string" },
    "b-dir": { type: "string" },
    "a-exec": { type: "string" },
    "b-exec": { type: "string" },
    "database-url": { type: "string" },
  },
});
const REPEAT = Number(args.repeat);
const WARM = Number(args.warm);
const PAGES = args.pages.split(",").filter(Boolean);
// A tool's own knob, not app configuration (lib/server/env is the app's).
const ADMIN_URL = args["database-url"] ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const words = (text: string) => text.split(" ").filter(Boolean);
const environment = (text: string) =>
  Object.fromEntries(
    words(text).map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 1) throw new Error(`not NAME=value: ${pair}`);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

async function main(): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(args.database)) throw new Error(`--database: not a plain database name: ${args.database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${args.database}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), max: 2 }, { migrate: false });
  const servers: Array<{ label: "A" | "B"; base: string; server: SignedInServer }> = [];
  try {
    // As bench:lists: an admin sees every badge, with no second factor.
    await handle.db.insert(appSettings).values({ key: "second_factor_roles", value: [] }).onConflictDoNothing();
    for (const [label, port] of [
      ["A", 3241],
      ["B", 3242],
    ] as const) {
      const side = label.toLowerCase() as "a" | "b";
      const server = await startSignedIn(
        handle.db,
        { email: `bench-ab-${randomSuffix(3)}@backoffice.test`, role: "admin" },
        {
          port,
          databaseUrl: url.toString(),
          projectId: "bench-lists",
          nodeArgs: words(args[`${side}-node`]),
          dir: args[`${side}-dir`],
          node: args[`${side}-exec`],
          // The master key bench:lists sealed the kept database's register keys with.
          env: {
            SECRETS_KEY: crypto.createHash("sha256").update(`bench:${args.database}`).digest("base64"),
            ...environment(args[`${side}-env`]),
          },
        },
      );
      servers.push({ label, base: `http://127.0.0.1:${port}`, server });
    }
    const get = async (s: (typeof servers)[number], page: string) => {
      const response = await fetch(s.base + page, { headers: { cookie: s.server.jar.header() } });
      s.server.jar.take(response);
      await response.text();
      if (response.status !== 200) throw new Error(`${s.label} ${page}: HTTP ${response.status}`);
    };
    for (let round = 0; round < WARM; round++) for (const s of servers) for (const page of PAGES) await get(s, page);

    console.log(`${"server page".padEnd(44)}    p25      p50      p95   CPU per request`);
    for (const page of PAGES) {
      const samples = { A: [] as number[], B: [] as number[] };
      const cpu = { A: 0, B: 0 };
      for (let i = 0; i < REPEAT; i++) {
        for (const s of i % 2 === 0 ? servers : [...servers].reverse()) {
          const cpuBefore = processTreeCpuMs(s.server.next.pid!) ?? Number.NaN;
          const started = process.hrtime.bigint();
          await get(s, page);
          samples[s.label].push(Number(process.hrtime.bigint() - started) / 1e6);
          cpu[s.label] += (processTreeCpuMs(s.server.next.pid!) ?? Number.NaN) - cpuBefore;
        }
      }
      for (const label of ["A", "B"] as const) {
        const sorted = samples[label].sort((a, b) => a - b);
        const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
        console.log(
          `${`${label} ${page}`.padEnd(44)} ${ms(quantile(sorted, 0.25))} ${ms(quantile(sorted, 0.5))} ${ms(quantile(sorted, 0.95))} ${ms(cpu[label] / REPEAT)}`,
        );
      }
    }
    console.log(`(${REPEAT} requests per page and server, in turns, after ${WARM} warm-up rounds)`);
  } finally {
    for (const s of servers) await stopServer(s.server.next);
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
