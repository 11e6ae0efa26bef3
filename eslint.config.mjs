import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import noInlineText from "./eslint/rules/no-inline-text.mjs";
import noServerImportInClient from "./eslint/rules/no-server-import-in-client.mjs";

// Import boundaries. Regexes so that relative paths (../../sandbox/x) are caught as well as "@/…".
const from = (folder) => `^(@/|(\\.\\./)+)${folder}(/|$)`;
const noSandbox = {
  regex: from("sandbox"),
  message: "The sandbox is a separate program; only lib/server/gateway.ts reaches into it (for @/sandbox/keys).",
};
const onlySandboxKeys = { ...noSandbox, regex: `^(@/|(\\.\\./)+)sandbox(?!/keys$)(/|$)` };
const noApp = { regex: from("app"), message: "lib/ does not depend on app/: move what both need into lib/." };
const noTest = { regex: from("test"), message: "Test helpers stay out of production code." };
const serverTranslations = {
  name: "next-intl/server",
  importNames: ["getTranslations"],
  message: "Use getTranslations from @/lib/i18n/server: it compiles each message once per process, not once per request.",
};
const restrict = (...patterns) => ["error", { patterns, paths: [serverTranslations] }];
const tests = ["**/*.test.ts", "**/*.test.tsx", "sandbox/testing/**"];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    plugins: { local: { rules: { "no-server-import-in-client": noServerImportInClient, "no-inline-text": noInlineText } } },
    rules: { "local/no-server-import-in-client": "error" },
  },
  {
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    ignores: tests,
    rules: { "local/no-inline-text": ["error", { allow: ["HighHelp"] }] },
  },
  { files: ["lib/**"], ignores: tests, rules: { "no-restricted-imports": restrict(noSandbox, noApp, noTest) } },
  { files: ["lib/server/gateway.ts"], rules: { "no-restricted-imports": restrict(onlySandboxKeys, noApp, noTest) } },
  { files: ["app/**", "components/**"], ignores: tests, rules: { "no-restricted-imports": restrict(noSandbox, noTest) } },
  { files: ["sandbox/**"], ignores: tests, rules: { "no-restricted-imports": restrict(noTest) } },
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "drizzle/migrations/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
    ],
  },
];

export default config;
