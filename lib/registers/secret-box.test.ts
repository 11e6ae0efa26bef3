import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, decodeMasterKey, masterKeyId, SecretBoxError } from "./secret-box";

const keyA = crypto.randomBytes(32);
const keyB = crypto.randomBytes(32);
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

function flipByte(sealed: string, part: 2 | 3, at = 0): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[at]! ^= 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(":");
}

describe("the secret box", () => {
  it("seals to one line naming the key, and opens it back", () => {
    const box = createSecretBox(keyA);
    const sealed = box.seal(PEM);
    expect(sealed).toMatch(/^v1:[0-9a-f]{12}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(sealed.split(":")[1]).toBe(masterKeyId(keyA));
    expect(sealed).not.toContain("BEGIN");
    expect(box.open(sealed)).toBe(PEM);
    expect(box.keyIdOf(sealed)).toBe(box.keyId);
  });

  it("uses a fresh IV every time", () => {
    const box = createSecretBox(keyA);
    expect(box.seal("same")).not.toBe(box.seal("same"));
  });

  it("keeps text as it was, empty and non-ASCII included", () => {
    const box = createSecretBox(keyA);
    for (const text of ["", "hmac secret with spaces  ", "ключ 🔑", "x".repeat(10_000)])
      expect(box.open(box.seal(text))).toBe(text);
  });

  it.each([
    ["the ciphertext", 3, 0],
    ["the tag", 3, -1],
    ["the IV", 2, 0],
  ] as const)("refuses a value whose %s was altered", (_what, part, at) => {
    const box = createSecretBox(keyA);
    const sealed = box.seal("secret");
    const length = Buffer.from(sealed.split(":")[part]!, "base64url").length;
    const altered = flipByte(sealed, part, at < 0 ? length + at : at);
    expect(() => box.open(altered)).toThrow(SecretBoxError);
    expect(() => box.open(altered)).toThrow(/altered/);
  });

  it("says which master key a value needs when the box does not hold it", () => {
    const sealed = createSecretBox(keyA).seal("secret");
    expect(() => createSecretBox(keyB).open(sealed)).toThrow(new RegExp(`sealed under master key ${masterKeyId(keyA)}`));
  });

  it("refuses a value under a forged key id (a wrong key never yields garbage)", () => {
    const sealed = createSecretBox(keyA).seal("secret");
    const forged = sealed.replace(masterKeyId(keyA), masterKeyId(keyB));
    expect(() => createSecretBox(keyB).open(forged)).toThrow(/altered/);
  });

  it.each([
    "",
    "plain text",
    "v2:abcdefabcdef:AAAA:AAAA",
    "v1:zz:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA",
    "v1:abcdefabcdef:AA:AA",
  ])("refuses %j as not a sealed value", (value) => {
    expect(() => createSecretBox(keyA).open(value)).toThrow(/not a sealed value/);
  });

  it("opens values of a previous key during a rotation and seals under the current one", () => {
    const old = createSecretBox(keyA).seal("secret");
    const rotating = createSecretBox(keyB, [keyA]);
    expect(rotating.open(old)).toBe("secret");
    expect(rotating.keyIdOf(rotating.seal("secret"))).toBe(masterKeyId(keyB));
    expect(rotating.keyIds).toEqual([masterKeyId(keyB), masterKeyId(keyA)]);
  });

  it("takes 32-byte keys only", () => {
    expect(() => createSecretBox(crypto.randomBytes(16))).toThrow(SecretBoxError);
  });

  it("reads master keys as base64 or base64url of 32 bytes", () => {
    expect(decodeMasterKey(keyA.toString("base64"))).toEqual(keyA);
    expect(decodeMasterKey(`${keyA.toString("base64url")}\n`)).toEqual(keyA);
    expect(decodeMasterKey(crypto.randomBytes(31).toString("base64"))).toBeNull();
    expect(decodeMasterKey("not base64!")).toBeNull();
  });
});
