import { describe, expect, it } from "vitest";
import { isPublicPath } from "./auth-config";

describe("isPublicPath", () => {
  it("lets through what has no session by nature", () => {
    for (const path of [
      "/login",
      "/api/health",
      "/api/health/live",
      "/api/health/ready",
      "/api/metrics",
      "/api/auth/session",
      "/api/auth/callback/credentials",
      "/api/highhelp/callback",
      "/api/highhelp/callback/success",
      "/api/highhelp/callback/r/token/intermediate",
    ])
      expect(isPublicPath(path), path).toBe(true);
  });

  it("keeps everything else behind a session, including look-alikes of the public paths", () => {
    for (const path of [
      "/",
      "/payins",
      "/login/else",
      "/api/health/other",
      "/api/healthz",
      "/api/health/ready/x",
      "/api/metrics/x",
      "/api/metricsx",
      "/api/auth",
      "/api/applications/export",
      "/api/highhelp",
    ])
      expect(isPublicPath(path), path).toBe(false);
  });
});
