import { describe, expect, it } from "vitest";
import { asOfText } from "./freshness";

describe("asOfText", () => {
  const now = new Date("2026-11-18T14:40:00Z");

  it("gives the time alone when the figures were folded today", () => {
    expect(asOfText(new Date("2026-11-18T14:32:05.123Z"), now)).toBe("as of 14:32:05 UTC");
  });

  it("gives the date as well when they are older", () => {
    expect(asOfText(new Date("2026-11-17T23:59:58Z"), now)).toBe("as of 2026-11-17 23:59:58 UTC");
  });

  it("says when there are no figures yet", () => {
    expect(asOfText(null, now)).toMatch(/^not computed yet/);
  });
});
