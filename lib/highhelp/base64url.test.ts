import { describe, expect, it } from "vitest";

import {
  base64UrlEncode,
  base64UrlEncodeText,
  decodeBase64Lenient,
  decodeBase64Strict,
  decodeSignature,
  decodeSignatureStrict,
  encodeSignature,
} from "./base64url";
import { SIGNATURE_ENCODINGS } from "./signature-profile";
import { seededRandom } from "@/test/highhelp";

describe("base64url", () => {
  it("encodes with the URL alphabet, padding only on request", () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xfe, 0x01]);
    expect(base64UrlEncode(bytes)).toBe("-__-AQ");
    expect(base64UrlEncode(bytes, true)).toBe("-__-AQ==");
    expect(base64UrlEncodeText("Ж")).toBe("0JY");
    expect(base64UrlEncodeText("Ж", true)).toBe("0JY=");
  });

  it("decodes strictly: one alphabet, complete padding, canonical trailing bits", () => {
    expect(decodeBase64Strict("-__-AQ", "url")?.toString("hex")).toBe("fbfffe01");
    expect(decodeBase64Strict("-__-AQ==", "url")?.toString("hex")).toBe("fbfffe01");
    expect(decodeBase64Strict("-__-AQ=", "url")).toBeNull();
    expect(decodeBase64Strict("+//+AQ==", "standard")?.toString("hex")).toBe("fbfffe01");
    expect(decodeBase64Strict("+//+AQ==", "url")).toBeNull();
    expect(decodeBase64Strict("-__-AQ", "standard")).toBeNull();
    expect(decodeBase64Lenient("-_/+AQ")).toBeNull(); // mixed alphabets
    expect(decodeBase64Strict("AR", "url")).toBeNull(); // non-zero unused bits
    expect(decodeBase64Strict("A", "url")).toBeNull();
    expect(decodeBase64Strict("ab c", "url")).toBeNull();
  });

  it("round-trips every signature encoding, strict and lenient", () => {
    const rng = seededRandom(3);
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 300) }, () => Math.floor(rng() * 256)));
      for (const encoding of SIGNATURE_ENCODINGS) {
        const text = encodeSignature(bytes, encoding);
        expect(decodeSignatureStrict(text, encoding)?.equals(bytes)).toBe(true);
        expect(decodeSignature(text, encoding)?.equals(bytes)).toBe(true);
      }
      // Verification accepts any Base64 form whatever the profile says.
      expect(decodeSignature(bytes.toString("base64"), "base64url")?.equals(bytes)).toBe(true);
    }
  });

  it("tells the encodings apart where they differ", () => {
    const bytes = Buffer.from([0xfb, 0xff]);
    expect(decodeSignatureStrict(encodeSignature(bytes, "base64url-padded"), "base64url")).toBeNull();
    expect(decodeSignatureStrict(encodeSignature(bytes, "base64url"), "base64url-padded")).toBeNull();
    expect(decodeSignatureStrict(encodeSignature(bytes, "base64"), "base64url")).toBeNull();
    expect(decodeSignature("", "base64url")).toBeNull();
    expect(decodeSignature("zz", "hex")).toBeNull();
  });
});
