import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "@": fileURLToPath(new URL(".", import.meta.url)),
  // The package throws unless resolved under the react-server condition, which only Next's server bundles set.
  "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)),
};
// Tests never touch the developer's ./.data secrets, and keep expected warnings out of the output.
const env = {
  AUTH_SECRET: "vitest-only-secret-0123456789abcdefghijklmnop",
  SECRETS_KEY: "dml0ZXN0LW9ubHktbWFzdGVyLWtleS0zMi1ieXRlcyE=",
  PAN_FINGERPRINT_KEY: "vitest-only-fingerprint-key-0123456789abcdef",
  LOG_LEVEL: "error",
  // The fixtures' days are UTC days; lib/dates/business-day.test.ts covers another organisation zone.
  DEFAULT_TIME_ZONE: "UTC",
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          // Vitest leaves a core free by default, which on a 2-core CI machine means one file at a time.
          maxWorkers: 2,
          env,
          include: [
            "lib/**/*.test.ts",
            "scripts/**/*.test.ts",
            "sandbox/**/*.test.ts",
            "eslint/**/*.test.ts",
            // Client components, in a happy-dom document (`// @vitest-environment happy-dom` in the file).
            "app/**/*.test.tsx",
            "components/**/*.test.tsx",
          ],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          // A ceiling against hangs, not a speed target: the property tests do a fixed amount of work,
          // which takes several times longer when the machine is busy.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          // next-auth's ESM imports "next/server" without an extension, which only Next's bundler (or
          // vite, when the package is inlined) resolves; the permission matrix loads it on PostgreSQL runs.
          server: { deps: { inline: ["next-auth"] } },
          environment: "node",
          env,
          include: ["**/*.int.test.ts"],
          // The deployment tests start built servers: they run after the build (npm run test:e2e).
          exclude: ["node_modules/**", "e2e/**", "scripts/test/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file has its own databases (test/databases.ts), so two files run at once: while one waits on
          // PostgreSQL the other computes.
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "deployment",
          // next-auth's ESM imports "next/server" without an extension, which only Next's bundler (or
          // vite, when the package is inlined) resolves; the permission matrix loads it on PostgreSQL runs.
          server: { deps: { inline: ["next-auth"] } },
          environment: "node",
          env,
          // Built servers (standalone, several instances on PostgreSQL), after `npm run build`.
          include: ["scripts/test/**/*.int.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
