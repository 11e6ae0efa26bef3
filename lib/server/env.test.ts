import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

const SECRET = "0123456789abcdefghijklmnopqrstuvwxyz";
const REAL_GATEWAY = {
  HIGHHELP_API_URL: "https://api.hh-processing.com",
  HIGHHELP_PROJECT_ID: "project",
  HIGHHELP_PRIVATE_KEY: "pem",
  HIGHHELP_ALERT_PUBLIC_KEY: "pem",
  APP_PUBLIC_URL: "https://bo.example.kz",
};
const MASTER_KEY = Buffer.alloc(32, 7).toString("base64");
const PRODUCTION_SECRETS = { AUTH_SECRET: SECRET, PAN_FINGERPRINT_KEY: SECRET, SECRETS_KEY: MASTER_KEY };

const refusal = (source: Record<string, string>) => {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
};

describe("production configuration", () => {
  it("requires AUTH_SECRET, PAN_FINGERPRINT_KEY and SECRETS_KEY whenever NODE_ENV=production, sandbox or not", () => {
    for (const gateway of [REAL_GATEWAY, { ALLOW_SANDBOX_IN_PRODUCTION: "true" }]) {
      const message = refusal({ NODE_ENV: "production", ...gateway });
      expect(message).toMatch(/AUTH_SECRET: required in production/);
      expect(message).toMatch(/PAN_FINGERPRINT_KEY_FILE: required \(or PAN_FINGERPRINT_KEY\) in production/);
      expect(message).toMatch(/SECRETS_KEY: required \(or SECRETS_KEY_FILE\) in production/);
    }
    expect(
      parseEnv({
        NODE_ENV: "production",
        ...REAL_GATEWAY,
        AUTH_SECRET: SECRET,
        PAN_FINGERPRINT_KEY_FILE: "/run/key",
        SECRETS_KEY_FILE: "/run/master",
      }),
    ).toBeTruthy();
  });

  it("refuses the sandbox in production unless explicitly allowed for a local demo", () => {
    expect(refusal({ NODE_ENV: "production", ...PRODUCTION_SECRETS })).toMatch(/HIGHHELP_API_URL: required in production/);
    const demo = parseEnv({ NODE_ENV: "production", ...PRODUCTION_SECRETS, ALLOW_SANDBOX_IN_PRODUCTION: "true" });
    expect(demo).toMatchObject({ sandboxMode: true, demoUsers: true });
  });

  it("makes demo accounts in sandbox mode only", () => {
    expect(parseEnv({ NODE_ENV: "production", ...PRODUCTION_SECRETS, ...REAL_GATEWAY }).demoUsers).toBe(false);
    expect(parseEnv({ NODE_ENV: "development", ...REAL_GATEWAY }).demoUsers).toBe(false);
    expect(refusal({ NODE_ENV: "development", ...REAL_GATEWAY, DEMO_USERS: "true" })).toMatch(
      /DEMO_USERS: demo accounts exist only/,
    );
    expect(parseEnv({ NODE_ENV: "development" }).demoUsers).toBe(true);
    expect(parseEnv({ NODE_ENV: "development", DEMO_USERS: "false" }).demoUsers).toBe(false);
  });

  it("lets `next build` run without production's secrets (they are needed at start)", () => {
    expect(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).toMatchObject({ sandboxMode: true });
  });
});

describe("the public URL", () => {
  it("must be https with a real gateway, even on a loopback host", () => {
    for (const url of ["http://bo.example.kz", "http://127.0.0.1:3000", "http://localhost:3000"])
      expect(refusal({ ...REAL_GATEWAY, APP_PUBLIC_URL: url })).toMatch(
        /APP_PUBLIC_URL: must be https:\/\/ when HIGHHELP_API_URL/,
      );
    expect(parseEnv({ ...REAL_GATEWAY, APP_PUBLIC_URL: "https://bo.example.kz" }).APP_PUBLIC_URL).toBe("https://bo.example.kz");
  });

  it("may be loopback http in sandbox mode", () => {
    expect(parseEnv({ APP_PUBLIC_URL: "http://127.0.0.1:3100" }).APP_PUBLIC_URL).toBe("http://127.0.0.1:3100");
    expect(parseEnv({ APP_PUBLIC_URL: "http://localhost:3000" }).sandboxMode).toBe(true);
  });
});

describe("where the server listens", () => {
  it("defaults PORT to 3000 and takes any TCP port", () => {
    expect(parseEnv({}).PORT).toBe(3000);
    expect(parseEnv({ PORT: "8080" }).PORT).toBe(8080);
    expect(parseEnv({ PORT: " 65535 " }).PORT).toBe(65_535);
  });

  it("refuses a PORT that is not a TCP port", () => {
    for (const port of ["0", "65536", "http", "80.5", "-1"]) expect(refusal({ PORT: port })).toMatch(/PORT: /);
  });

  it("leaves HOSTNAME unset by default and takes host names and addresses", () => {
    expect(parseEnv({}).HOSTNAME).toBeUndefined();
    for (const host of ["0.0.0.0", "127.0.0.1", "::", "::1", "localhost", "bo-1.internal.example"])
      expect(parseEnv({ HOSTNAME: host }).HOSTNAME).toBe(host);
  });

  it("refuses a HOSTNAME with a scheme, a port or a path", () => {
    for (const host of ["http://0.0.0.0", "localhost:3000", "bo/x", "-bad.example", "a b"])
      expect(refusal({ HOSTNAME: host })).toMatch(/HOSTNAME: must be a host name or an IP address/);
  });
});

describe("the metrics token", () => {
  it("is optional, and at least 16 characters when set", () => {
    expect(parseEnv({}).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ METRICS_TOKEN: "" }).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ METRICS_TOKEN: "0123456789abcdef" }).METRICS_TOKEN).toBe("0123456789abcdef");
    expect(refusal({ METRICS_TOKEN: "too-short" })).toMatch(/METRICS_TOKEN: must be at least 16 characters/);
  });
});

describe("migrations at start and the migrator's connection", () => {
  const PG = "postgres://backoffice_app@db/backoffice";
  it("migrates on open by default on the embedded database only", () => {
    expect(parseEnv({}).migrateOnStart).toBe(true);
    expect(parseEnv({ DATABASE_URL: PG }).migrateOnStart).toBe(false);
    expect(parseEnv({ DATABASE_URL: PG, MIGRATE_ON_START: "true" }).migrateOnStart).toBe(true);
    expect(parseEnv({ MIGRATE_ON_START: "false" }).migrateOnStart).toBe(false);
  });

  it("migrates through MIGRATION_DATABASE_URL when set, else DATABASE_URL, and wants DATABASE_URL with it", () => {
    expect(parseEnv({ DATABASE_URL: PG }).migrationDatabase).toEqual({ kind: "postgres", url: PG });
    const migrator = "postgres://backoffice_migrator@db/backoffice";
    expect(parseEnv({ DATABASE_URL: PG, MIGRATION_DATABASE_URL: migrator }).migrationDatabase).toEqual({
      kind: "postgres",
      url: migrator,
    });
    expect(refusal({ MIGRATION_DATABASE_URL: migrator })).toMatch(/MIGRATION_DATABASE_URL: only with DATABASE_URL/);
    expect(refusal({ DATABASE_URL: PG, MIGRATION_DATABASE_URL: "mysql://x" })).toMatch(
      /MIGRATION_DATABASE_URL: must start with postgres/,
    );
  });
});
