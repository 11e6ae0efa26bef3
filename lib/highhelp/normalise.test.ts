import { describe, expect, it } from "vitest";

import { compareCodePoints, MAX_NESTING_DEPTH, normalise, normaliseLines, NormaliseError } from "./normalise";
import { DEFAULT_SIGNATURE_PROFILE, type SignatureProfile } from "./signature-profile";
import { randomObject, seededRandom, shuffleKeys } from "@/test/highhelp";
import { EXAMPLE_A, EXAMPLE_A_NORMALISED, EXAMPLE_B, EXAMPLE_B_NORMALISED } from "@/test/highhelp/golden";

const profile = (overrides: Partial<SignatureProfile>): SignatureProfile => ({
  ...DEFAULT_SIGNATURE_PROFILE,
  ...overrides,
});

/** The definition, spelled out: every line, sorted by code point, joined. */
function reference(body: unknown, p: SignatureProfile = DEFAULT_SIGNATURE_PROFILE): string {
  return normaliseLines(body, p).sort(compareCodePoints).join(";");
}

describe("normalise: golden examples", () => {
  it("Example A", () => {
    expect(normalise(EXAMPLE_A)).toBe(EXAMPLE_A_NORMALISED);
  });

  it("Example B (docs' boolean rule, null as None, empty containers silent)", () => {
    expect(normalise(EXAMPLE_B)).toBe(EXAMPLE_B_NORMALISED);
  });

  it("Example B as the third-party client would render booleans", () => {
    expect(normalise(EXAMPLE_B, profile({ booleans: "true/false" }))).toBe(
      EXAMPLE_B_NORMALISED.replace("flags:is_test:1", "flags:is_test:true"),
    );
  });
});

describe("normalise: rules", () => {
  it("renders booleans per profile", () => {
    const body = { t: true, f: false };
    expect(normalise(body)).toBe("f:0;t:1");
    expect(normalise(body, profile({ booleans: "true/false" }))).toBe("f:false;t:true");
    expect(normalise(body, profile({ booleans: "True/False" }))).toBe("f:False;t:True");
  });

  it("renders null per profile, or skips the key", () => {
    const body = { a: null, b: "x" };
    expect(normalise(body)).toBe("a:None;b:x");
    expect(normalise(body, profile({ nullText: "null" }))).toBe("a:null;b:x");
    expect(normalise(body, profile({ nullText: "" }))).toBe("a:;b:x");
    expect(normalise(body, profile({ nullText: "omit" }))).toBe("b:x");
  });

  it("uses array indexes as path segments, nested arrays too, sorted as text", () => {
    const body = { items: Array.from({ length: 12 }, (_, i) => i), m: [[1, 2], [3]] };
    expect(normalise(body)).toBe(
      "items:0:0;items:10:10;items:11:11;items:1:1;items:2:2;items:3:3;items:4:4;items:5:5;items:6:6;items:7:7;items:8:8;items:9:9;m:0:0:1;m:0:1:2;m:1:0:3",
    );
  });

  it("emits nothing for empty objects and arrays", () => {
    expect(normalise({ a: {}, b: [], c: { d: {}, e: [[]] }, f: 1 })).toBe("f:1");
    expect(normalise({})).toBe("");
  });

  it("keeps strings raw: no quoting or escaping of : ; or unicode", () => {
    expect(normalise({ s: 'a:b;c "q" \\ Ж 😀' })).toBe('s:a:b;c "q" \\ Ж 😀');
  });

  it("sorts ':' after digits and before '_' (whole lines, not keys)", () => {
    expect(normalise({ a: 1, a1: 2, a_b: 3 })).toBe("a1:2;a:1;a_b:3");
  });

  it("orders by code point, not UTF-16 code unit (non-BMP vs U+E000..U+FFFF)", () => {
    // U+FF5E (～) < U+1F600 (😀) by code point; JS default sort puts 😀 (0xD83D…) first.
    const body = { "😀": 1, "\uFF5E": 2, "\uE000": 3, z: 4 };
    expect(normalise(body)).toBe("z:4;\uE000:3;\uFF5E:2;😀:1");
    expect(["😀", "\uFF5E"].sort()).toEqual(["😀", "\uFF5E"]);
    expect(["😀", "\uFF5E"].sort(compareCodePoints)).toEqual(["\uFF5E", "😀"]);
    expect(normalise({ v: ["😀", "\uFF5E"] })).toBe("v:0:😀;v:1:\uFF5E");
    expect(normalise({ x: "😀", y: { "": "\uFF5E" } })).toBe(reference({ x: "😀", y: { "": "\uFF5E" } }));
  });

  it("compares code points like UTF-8 bytes", () => {
    const rng = seededRandom(7);
    const pool = ["a", "z", "Ж", "\uE000", "\uFFFF", "😀", "𝄞", "🇰🇿", ":", ";"];
    for (let n = 0; n < 500; n++) {
      const make = () => Array.from({ length: Math.floor(rng() * 4) }, () => pool[Math.floor(rng() * pool.length)]).join("");
      const a = make();
      const b = make();
      const bytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(Math.sign(compareCodePoints(a, b))).toBe(bytes);
    }
  });

  it("handles keys containing ':' (plain sort route)", () => {
    const body = { "a:b": 1, a: { c: 2 }, ab: 3 };
    expect(normalise(body)).toBe(reference(body));
    expect(normalise(body)).toBe("a:b:1;a:c:2;ab:3");
  });

  it("writes integers as decimal text and non-integers with String()", () => {
    expect(normalise({ a: 10000, b: -5, c: 0, d: -0, e: 10_000_000_000_000, f: 1.5, g: 1e-7 })).toBe(
      "a:10000;b:-5;c:0;d:0;e:10000000000000;f:1.5;g:1e-7",
    );
  });

  it("refuses values it cannot render faithfully", () => {
    expect(() => normalise({ a: Number.NaN })).toThrow(NormaliseError);
    expect(() => normalise({ a: { b: Number.POSITIVE_INFINITY } })).toThrow(/non-finite number at a:b/);
    expect(() => normalise({ a: 2 ** 53 })).toThrow(/safe range/);
    expect(() => normalise({ a: new Date(0) })).toThrow(NormaliseError);
    expect(() => normalise({ a: 1n })).toThrow(/unsupported bigint/);
    expect(() => normalise("text")).toThrow(NormaliseError);
    expect(() => normalise(null)).toThrow(NormaliseError);
  });

  it("follows JSON.stringify for undefined: dropped in objects, null in arrays", () => {
    expect(normalise({ a: undefined, b: [undefined, 1] })).toBe("b:0:None;b:1:1");
  });

  it("accepts a root array", () => {
    expect(normalise([{ a: 1 }, 2])).toBe("0:a:1;1:2");
  });
});

/** `levels` containers, each holding the next; the innermost holds a leaf. */
function nested(levels: number, kind: "object" | "array"): unknown {
  const text =
    kind === "object" ? '{"a":'.repeat(levels) + "1" + "}".repeat(levels) : "[".repeat(levels) + "1" + "]".repeat(levels);
  return JSON.parse(text);
}

describe("normalise: nesting depth", () => {
  it.each(["object", "array"] as const)("signs %s nesting of exactly 64 levels", (kind) => {
    expect(MAX_NESTING_DEPTH).toBe(64);
    const line = normalise(nested(64, kind));
    expect(line.endsWith(":1")).toBe(true);
    expect(normaliseLines(nested(64, kind))).toHaveLength(1);
  });

  it.each([
    [65, "object"],
    [65, "array"],
    [10_000, "object"],
    [10_000, "array"],
  ] as const)("refuses %i levels of %s nesting with a NormaliseError, not a stack overflow", (levels, kind) => {
    const body = nested(levels, kind);
    for (const run of [() => normalise(body), () => normaliseLines(body), () => normalise({ "k:colon": body })]) {
      expect(run).toThrow(NormaliseError);
      expect(run).toThrow(/nested deeper than 64 levels/);
    }
  });
});

describe("normalise: properties (seeded random JSON)", () => {
  it("matches the sort-every-line definition and ignores key order", () => {
    const rng = seededRandom(20240125);
    for (let n = 0; n < 400; n++) {
      const body = randomObject(rng, 0, { colonKeys: n % 3 === 0 });
      const expected = reference(body);
      expect(normalise(body)).toBe(expected);
      expect(normalise(shuffleKeys(body, rng))).toBe(expected);
      expect(normalise(JSON.parse(JSON.stringify(body)))).toBe(expected);
    }
  });

  it("every profile matches the definition", () => {
    const rng = seededRandom(99);
    const profiles: SignatureProfile[] = [
      profile({ booleans: "true/false", nullText: "null" }),
      profile({ booleans: "True/False", nullText: "" }),
      profile({ nullText: "omit" }),
    ];
    for (let n = 0; n < 100; n++) {
      const body = randomObject(rng);
      for (const p of profiles) expect(normalise(body, p)).toBe(reference(body, p));
    }
  });
});
