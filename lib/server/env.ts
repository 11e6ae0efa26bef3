import "server-only";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { decodeMasterKey } from "@/lib/registers/secret-box";
import { parseTrustedProxies, type TrustedProxies } from "./trusted-proxies";
import { isTimeZone } from "@/lib/dates/zoned";
import { LOCALES } from "@/lib/i18n/locales";

/**
 * The only place that reads `process.env` (house style). Validated once, at first import;
 * a wrong variable stops start-up with a message naming it.
 */

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const boolText = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));

const positiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? String(fallback) : v))
    .pipe(z.string().regex(/^\d+$/, "must be a whole number").transform(Number))
    .pipe(z.number().int().positive());

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const masterKeyText = z
  .string()
  .refine((v) => decodeMasterKey(v) !== null, "must be base64 of exactly 32 bytes (generate one: openssl rand -base64 32)");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATA_DIR: optionalText,
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
        .optional(),
    ),
    /** The migrator role's connection for `npm run db:migrate` when it differs from the app's (docs/database-roles.md). */
    MIGRATION_DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
        .optional(),
    ),
    /** Apply pending migrations when the app opens its database; default: only on the embedded PGlite. */
    MIGRATE_ON_START: boolText,
    /** Set by `next build`: production's required secrets are not needed to build. */
    NEXT_PHASE: optionalText,
    AUTH_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    /** Master key of the secrets stored in the database (lib/server/secrets-key.ts): base64 of 32 bytes, or a file holding it. */
    SECRETS_KEY: optionalText.pipe(masterKeyText.optional()),
    SECRETS_KEY_FILE: optionalText,
    /** The previous master key while a rotation is under way (`npm run secrets:reencrypt`). */
    SECRETS_KEY_OLD: optionalText.pipe(masterKeyText.optional()),
    SECRETS_KEY_OLD_FILE: optionalText,
    /** Keys the payout card fingerprints (lib/payouts/card-fingerprint.ts); the old one stays readable after a rotation. */
    PAN_FINGERPRINT_KEY: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    PAN_FINGERPRINT_KEY_FILE: optionalText,
    PAN_FINGERPRINT_KEY_OLD: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    PAN_FINGERPRINT_KEY_OLD_FILE: optionalText,
    /** The local sandbox gateway under NODE_ENV=production: only for a local demo of the production build. */
    ALLOW_SANDBOX_IN_PRODUCTION: boolText,
    APP_PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Where `npm run dev` and `npm start` listen; HOSTNAME unset: every interface. */
    PORT: positiveInt(3000).pipe(z.number().max(65_535, "must be a TCP port (1-65535)")),
    HOSTNAME: optionalText.pipe(
      z
        .string()
        .refine(
          (v) => isIP(v) !== 0 || HOST_NAME.test(v),
          "must be a host name or an IP address to listen on, without scheme or port (e.g. 0.0.0.0)",
        )
        .optional(),
    ),
    /** Bearer token of GET /api/metrics; unset: the route answers 404. */
    METRICS_TOKEN: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Proxies whose X-Forwarded-For entries are believed: `0` (none), a hop count, or addresses / CIDRs. */
    TRUSTED_PROXIES: optionalText.superRefine((v, ctx) => {
      const parsed = parseTrustedProxies(v);
      if ("error" in parsed) ctx.addIssue({ code: "custom", message: parsed.error });
    }),
    DEMO_USERS: boolText,
    /** The language of anyone whose profile and browser name neither Russian nor English. */
    DEFAULT_LOCALE: z.enum(LOCALES).default("ru"),
    /** The organisation's zone: its business day bounds "today", date filters and the daily payout limit. */
    DEFAULT_TIME_ZONE: optionalText
      .transform((v) => v ?? "Asia/Almaty")
      .pipe(z.string().refine(isTimeZone, "must be an IANA time zone such as Asia/Almaty")),

    HIGHHELP_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    HIGHHELP_PROJECT_ID: optionalText.pipe(z.string().max(64).optional()),
    HIGHHELP_REQUEST_ALGORITHM: z.enum(["rsa", "hmac"]).default("rsa"),
    HIGHHELP_PRIVATE_KEY: optionalText,
    HIGHHELP_PRIVATE_KEY_FILE: optionalText,
    HIGHHELP_HMAC_KEY: optionalText,
    HIGHHELP_HMAC_KEY_FILE: optionalText,
    HIGHHELP_ALERT_ALGORITHM: z.enum(["rsa", "hmac"]).default("rsa"),
    HIGHHELP_ALERT_PUBLIC_KEY: optionalText,
    HIGHHELP_ALERT_PUBLIC_KEY_FILE: optionalText,
    HIGHHELP_ALERT_HMAC_KEY: optionalText,
    HIGHHELP_ALERT_HMAC_KEY_FILE: optionalText,
    HIGHHELP_SIGNATURE_PROFILE: optionalText,
    HIGHHELP_TIMEOUT_MS: positiveInt(15_000),

    SANDBOX_PORT: positiveInt(4010),

    /** `app`: the server also runs the reconciliation job; `off`: run it with `npm run worker`. */
    RECONCILER: z.enum(["app", "off"]).default("app"),
    RECONCILE_INTERVAL_MS: positiveInt(5_000),
    /** How often every active register's balance/info is recorded for the settlement view (lib/settlement), one instance at a time. */
    BALANCE_SNAPSHOT_INTERVAL_SECONDS: positiveInt(3_600),

    /** Refused callbacks kept for diagnosis (lib/callbacks/quarantine.ts): rows per minute and per UTC day, per process; days kept. */
    CALLBACK_QUARANTINE_PER_MINUTE: positiveInt(300),
    CALLBACK_QUARANTINE_PER_DAY: positiveInt(5_000),
    CALLBACK_QUARANTINE_RETENTION_DAYS: positiveInt(14),
    /** Days after an application is final that the card numbers in its stored copies are masked (lib/applications/card-retention.ts). */
    CARD_DATA_RETENTION_DAYS: positiveInt(30),
    /** Seconds a verified second-factor code covers the actions that ask for a fresh one (lib/accounts/second-factor.ts). */
    STEP_UP_SECONDS: positiveInt(300),

    /** Per-currency payout approval threshold and limits, major units (lib/payouts/policy.ts). */
    PAYOUT_LIMITS: optionalText,
  })
  .superRefine((v, ctx) => {
    const need = (name: keyof typeof v, why: string) => {
      if (v[name] === undefined) ctx.addIssue({ code: "custom", path: [name], message: `required ${why}` });
    };
    if (v.MIGRATION_DATABASE_URL !== undefined && v.DATABASE_URL === undefined) {
      ctx.addIssue({ code: "custom", path: ["MIGRATION_DATABASE_URL"], message: "only with DATABASE_URL (PostgreSQL)" });
    }
    if (v.SECRETS_KEY !== undefined && v.SECRETS_KEY_FILE !== undefined) {
      ctx.addIssue({ code: "custom", path: ["SECRETS_KEY_FILE"], message: "set SECRETS_KEY or SECRETS_KEY_FILE, not both" });
    }
    const sandbox = v.HIGHHELP_API_URL === undefined;
    if (!sandbox && v.DEMO_USERS === true) {
      ctx.addIssue({
        code: "custom",
        path: ["DEMO_USERS"],
        message: "demo accounts exist only in sandbox mode (no HIGHHELP_API_URL)",
      });
    }
    if (v.NODE_ENV === "production" && v.NEXT_PHASE !== "phase-production-build") {
      need("AUTH_SECRET", "in production (generate one: openssl rand -base64 32)");
      if (!v.PAN_FINGERPRINT_KEY && !v.PAN_FINGERPRINT_KEY_FILE)
        need("PAN_FINGERPRINT_KEY_FILE", "(or PAN_FINGERPRINT_KEY) in production (generate one: openssl rand -base64 32)");
      if (v.SECRETS_KEY_FILE === undefined)
        need(
          "SECRETS_KEY",
          "(or SECRETS_KEY_FILE) in production: it encrypts the cash registers' keys (openssl rand -base64 32)",
        );
      if (sandbox && v.ALLOW_SANDBOX_IN_PRODUCTION !== true)
        ctx.addIssue({
          code: "custom",
          path: ["HIGHHELP_API_URL"],
          message:
            "required in production: without it the app runs against the local sandbox gateway with demo accounts " +
            "(set ALLOW_SANDBOX_IN_PRODUCTION=true only for a local demo of the production build)",
        });
    }
    if (sandbox) return; // sandbox mode: the cash registers come from the sandbox
    need("APP_PUBLIC_URL", "when HIGHHELP_API_URL is set (HighHelp sends callbacks to it)");
    if (v.APP_PUBLIC_URL !== undefined && !v.APP_PUBLIC_URL.startsWith("https://"))
      ctx.addIssue({
        code: "custom",
        path: ["APP_PUBLIC_URL"],
        message: "must be https:// when HIGHHELP_API_URL is set (HighHelp delivers callbacks to https URLs only)",
      });
    // HIGHHELP_PROJECT_ID and the keys are needed only to import the first cash register: lib/server/gateway.ts checks them then.
  });

export type RawEnv = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment; exported for tests. Throws a ConfigError naming every wrong variable. */
export function parseEnv(source: Record<string, string | undefined>) {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}\nSee README.md, section Configuration.`);
  }
  const raw = result.data;
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), raw.DATA_DIR ?? ".data");
  const sandboxMode = raw.HIGHHELP_API_URL === undefined;
  return {
    ...raw,
    dataDir,
    /** No HIGHHELP_API_URL: the app talks to the local sandbox gateway. */
    sandboxMode,
    isProduction: raw.NODE_ENV === "production",
    trustedProxies: parseTrustedProxies(raw.TRUSTED_PROXIES) as TrustedProxies,
    /** Demo accounts exist only in sandbox mode (refused in production unless explicitly allowed), unless DEMO_USERS=false. */
    demoUsers: sandboxMode && (raw.DEMO_USERS ?? true),
    database: raw.DATABASE_URL
      ? ({ kind: "postgres", url: raw.DATABASE_URL } as const)
      : ({ kind: "pglite", dir: path.join(dataDir, "pglite") } as const),
    /** Where `npm run db:migrate` connects: the migrator role's URL, else the app's database. */
    migrationDatabase: raw.DATABASE_URL
      ? ({ kind: "postgres", url: raw.MIGRATION_DATABASE_URL ?? raw.DATABASE_URL } as const)
      : ({ kind: "pglite", dir: path.join(dataDir, "pglite") } as const),
    /**
     * The app and the scripts migrate on open only here; elsewhere `npm run db:migrate` is the release step and they
     * refuse a database whose schema is behind. On by default for PGlite, so that `npm run dev` just works.
     */
    migrateOnStart: raw.MIGRATE_ON_START ?? raw.DATABASE_URL === undefined,
  };
}

export type Env = ReturnType<typeof parseEnv>;

export const env: Env = parseEnv(process.env);
