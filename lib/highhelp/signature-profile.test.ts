import { describe, expect, it } from "vitest";

import {
  allSignatureProfiles,
  BOOLEAN_STYLES,
  DEFAULT_SIGNATURE_PROFILE,
  formatSignatureProfile,
  HASH_MODES,
  NULL_STYLES,
  parseSignatureProfile,
  sameProfile,
  SIGNATURE_ENCODINGS,
} from "./signature-profile";

describe("signature profile", () => {
  it("defaults to our reading of the docs", () => {
    expect(DEFAULT_SIGNATURE_PROFILE).toEqual({
      booleans: "1/0",
      nullText: "None",
      hashing: "double",
      messagePadding: false,
      signatureEncoding: "base64url",
    });
    expect(formatSignatureProfile(DEFAULT_SIGNATURE_PROFILE)).toBe(
      "booleans=1/0,null=None,hash=double,padding=no,signature=base64url",
    );
  });

  it("enumerates every combination once, the default first", () => {
    const all = allSignatureProfiles();
    const expected = BOOLEAN_STYLES.length * NULL_STYLES.length * HASH_MODES.length * 2 * SIGNATURE_ENCODINGS.length;
    expect(all).toHaveLength(expected);
    expect(new Set(all.map(formatSignatureProfile)).size).toBe(expected);
    expect(sameProfile(all[0] ?? DEFAULT_SIGNATURE_PROFILE, DEFAULT_SIGNATURE_PROFILE)).toBe(true);
  });

  it("round-trips every profile through its string form", () => {
    for (const profile of allSignatureProfiles()) {
      const parsed = parseSignatureProfile(formatSignatureProfile(profile));
      expect(parsed).toEqual({ ok: true, profile });
    }
  });

  it("parses the compact form: any order, spaces, defaults for missing keys", () => {
    expect(parseSignatureProfile("booleans=true/false,null=null,hash=single,padding=yes")).toEqual({
      ok: true,
      profile: {
        ...DEFAULT_SIGNATURE_PROFILE,
        booleans: "true/false",
        nullText: "null",
        hashing: "single",
        messagePadding: true,
      },
    });
    expect(parseSignatureProfile(" padding = yes , booleans=True/False ")).toMatchObject({
      ok: true,
      profile: { messagePadding: true, booleans: "True/False" },
    });
    expect(parseSignatureProfile("")).toEqual({ ok: true, profile: DEFAULT_SIGNATURE_PROFILE });
    expect(parseSignatureProfile("null=")).toMatchObject({ ok: true, profile: { nullText: "" } });
    expect(parseSignatureProfile("null=empty")).toMatchObject({ ok: true, profile: { nullText: "" } });
    expect(parseSignatureProfile("null=omit,signature=hex")).toMatchObject({
      ok: true,
      profile: { nullText: "omit", signatureEncoding: "hex" },
    });
  });

  it("refuses unknown keys, bad values and repeats with a message naming them", () => {
    expect(parseSignatureProfile("bools=1/0")).toMatchObject({ ok: false, error: expect.stringContaining("bools") });
    expect(parseSignatureProfile("booleans=yes")).toMatchObject({ ok: false, error: expect.stringContaining("booleans") });
    expect(parseSignatureProfile("hash=triple")).toMatchObject({ ok: false, error: expect.stringContaining("triple") });
    expect(parseSignatureProfile("padding=true")).toMatchObject({ ok: false });
    expect(parseSignatureProfile("null=nil")).toMatchObject({ ok: false });
    expect(parseSignatureProfile("signature=base32")).toMatchObject({ ok: false });
    expect(parseSignatureProfile("hash")).toMatchObject({ ok: false, error: expect.stringContaining("key=value") });
    expect(parseSignatureProfile("hash=single,hash=double")).toMatchObject({
      ok: false,
      error: expect.stringContaining("twice"),
    });
  });
});
