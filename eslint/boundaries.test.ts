import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The files below need not exist: lintText applies the configuration for the path it is given.
const root = path.resolve(import.meta.dirname, "..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const BOUNDARY = /^(local\/no-server-import-in-client|no-restricted-imports):/;
async function boundaryErrors(filePath: string, code: string) {
  return (await lint(filePath, code)).filter((message) => BOUNDARY.test(message));
}

const clientComponent = (importLine: string, used: string) =>
  `"use client";\n\n${importLine}\n\nexport function Example() {\n  return <p>{String(${used})}</p>;\n}\n`;
const serverModule = (importLine: string, used: string) => `${importLine}\n\nexport const used = ${used};\n`;

describe("import boundaries", { timeout: 60_000 }, () => {
  it("rejects a client component importing lib/server", async () => {
    const errors = await boundaryErrors(
      "app/(app)/example/_components/example.tsx",
      clientComponent('import { getDatabase } from "@/lib/server/db";', "getDatabase"),
    );
    expect(errors).toEqual([expect.stringMatching(/^local\/no-server-import-in-client: "@\/lib\/server\/db" is server-only/)]);
  });

  it("rejects a client component importing a module marked server-only, directly or through a re-export", async () => {
    const direct = await boundaryErrors(
      "components/example.tsx",
      clientComponent('import { findUserByEmail } from "@/lib/accounts/queries";', "findUserByEmail"),
    );
    expect(direct).toEqual([expect.stringContaining('lib/accounts/queries.ts imports "server-only"')]);
    const barrel = await boundaryErrors(
      "components/example.tsx",
      clientComponent('import { createHighHelpSigner } from "@/lib/highhelp";', "createHighHelpSigner"),
    );
    expect(barrel).toEqual([expect.stringMatching(/lib\/highhelp\/index\.ts → lib\/highhelp\/\w+\.ts/)]);
  });

  it("lets a client component import shared modules, server actions and server types", async () => {
    const code =
      `"use client";\n\nimport type { CurrentUser } from "@/lib/accounts/auth";\nimport { CURRENCIES } from "@/lib/money/amounts";\n` +
      `import { PAYOUT_METHODS } from "@/lib/payouts/schemas";\nimport { createNewPayout } from "@/app/(app)/payouts/new/actions";\n\n` +
      `export function Example({ user }: { user: CurrentUser }) {\n  return <p>{[user.email, CURRENCIES, PAYOUT_METHODS, createNewPayout].join()}</p>;\n}\n`;
    expect(await lint("app/(app)/example/_components/example.tsx", code)).toEqual([]);
  });

  it("lets a server component import lib/server", async () => {
    const code =
      'import { getDatabase } from "@/lib/server/db";\n\nexport default async function Page() {\n' +
      "  const database = await getDatabase();\n  return <p>{String(database)}</p>;\n}\n";
    expect(await lint("app/(app)/example/page.tsx", code)).toEqual([]);
  });

  it("keeps lib/ out of the sandbox, except the gateway's use of @/sandbox/keys", async () => {
    const errors = await boundaryErrors(
      "lib/payouts/example.ts",
      serverModule('import { startSandbox } from "@/sandbox/server";', "startSandbox"),
    );
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*sandbox/)]);
    const relative = await boundaryErrors(
      "lib/payouts/example.ts",
      serverModule('import { startSandbox } from "../../sandbox/server";', "startSandbox"),
    );
    expect(relative).toHaveLength(1);

    const keys = serverModule('import { ensureSandboxKeys } from "@/sandbox/keys";', "ensureSandboxKeys");
    expect(await lint("lib/server/gateway.ts", keys)).toEqual([]);
    const server = serverModule('import { startSandbox } from "@/sandbox/server";', "startSandbox");
    expect(await boundaryErrors("lib/server/gateway.ts", server)).toHaveLength(1);
    expect(await boundaryErrors("app/(app)/example/page.tsx", server)).toHaveLength(1);
    expect(await boundaryErrors("lib/callbacks/example.int.test.ts", server)).toEqual([]);
  });

  it("keeps lib/ independent of app/", async () => {
    const errors = await boundaryErrors(
      "lib/accounts/example.ts",
      serverModule('import { login } from "@/app/login/actions";', "login"),
    );
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*lib\/ does not depend on app\//)]);
  });

  it("keeps test helpers out of production code", async () => {
    const code = serverModule('import { ALERT_PUBLIC_PEM } from "@/test/highhelp";', "ALERT_PUBLIC_PEM");
    for (const file of ["lib/highhelp/example.ts", "app/api/example/route.ts", "components/example.ts", "sandbox/example.ts"]) {
      expect(await boundaryErrors(file, code), file).toEqual([expect.stringMatching(/Test helpers stay out/)]);
    }
    expect(await boundaryErrors("lib/highhelp/example.test.ts", code)).toEqual([]);
    expect(await boundaryErrors("sandbox/testing/example.ts", code)).toEqual([]);
  });
});
