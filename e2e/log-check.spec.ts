import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

/*
 * Runs after every other spec (its project depends on theirs): the servers' whole log of the run
 * (scripts/dev/e2e-server.ts writes it) must hold no private key, no signature and no full card number.
 */

const SERVER_LOG = path.resolve(".data/e2e/server.log");
const TEST_CARDS = ["4400430123456789", "4111111111111111", "4400430123456788"];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

test("the servers' log holds no key, no signature and no full card number", () => {
  const log = fs.readFileSync(SERVER_LOG, "utf8");
  expect(log.length).toBeGreaterThan(10_000); // the run was logged at info level
  expect(log).toContain('"msg":"highhelp request"');
  expect(log).not.toMatch(/PRIVATE KEY/);
  // An RSA-2048 signature is 342+ Base64 characters; an HMAC-SHA512 one 86+.
  expect(log.match(/[A-Za-z0-9+/_=-]{86,}/g) ?? []).toEqual([]);
  expect(log).not.toMatch(/"x-access-signature":"(?!\[redacted\])/i);
  for (const card of TEST_CARDS) expect(log).not.toContain(card);
  // Card-like runs (15-19 digits from a card network's range) passing Luhn; 13-digit ones would be
  // millisecond timestamps as often as cards.
  const pans = (log.match(/(?<!\d)[2-6]\d{14,18}(?!\d)/g) ?? []).filter(luhn);
  expect(pans).toEqual([]);
});
