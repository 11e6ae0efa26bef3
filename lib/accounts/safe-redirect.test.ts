import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps path and query of a same-site target", () => {
    expect(safeRedirectPath("/payins?status=success")).toBe("/payins?status=success");
    expect(safeRedirectPath("http://localhost:3000/payouts?page=2")).toBe("/payouts?page=2");
  });

  it("drops other hosts down to their path, so no open redirect", () => {
    expect(safeRedirectPath("https://evil.example/steal")).toBe("/steal");
    expect(safeRedirectPath("//evil.example/x")).toBe("/x");
  });

  it("falls back for empty, non-string, login and API targets", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath("")).toBe("/");
    expect(safeRedirectPath(42)).toBe("/");
    expect(safeRedirectPath("/login?callbackUrl=/x")).toBe("/");
    expect(safeRedirectPath("/api/health")).toBe("/");
  });
});
