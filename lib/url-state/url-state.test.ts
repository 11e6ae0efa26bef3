import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createCursorCodec, cursorParam } from "./cursor";
import { createUrlState, encodeSearch, multiParam, param, withSearch } from "./url-state";
import { isoDate, plainText } from "./values";

interface Position {
  at: string;
  id: number;
}

const codec = createCursorCodec<Position>({
  toJson: (p) => [p.at, p.id],
  schema: z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.number().int().positive()]).transform(([at, id]) => ({ at, id })),
  maxLength: 100,
});

const kit = createUrlState({
  view: param(z.enum(["all", "mine"]), "all" as "all" | "mine"),
  q: param(plainText(20), ""),
  tags: multiParam(z.enum(["a", "b", "c"]), { max: 3 }),
  from: param(isoDate, null as string | null),
  size: param(z.coerce.number().pipe(z.literal([10, 20])), 20 as 10 | 20),
  after: cursorParam(codec),
});

const parse = (query: string) => kit.parse(new URLSearchParams(query));

describe("createUrlState", () => {
  it("reads an empty address as the defaults", () => {
    expect(parse("")).toEqual({ state: kit.defaults, ignored: [], unknown: [] });
    expect(kit.defaults).toEqual({ view: "all", q: "", tags: [], from: null, size: 20, after: null });
  });

  it("round-trips a state through the URL", () => {
    const state = {
      view: "mine",
      q: "x, y/z ☃",
      tags: ["c", "a"],
      from: "2026-02-28",
      size: 10,
      after: { at: "2026-01-01", id: 7 },
    } as const;
    const search = kit.serialize({ ...state, tags: [...state.tags] });
    expect(parse(search.toString())).toEqual({ state, ignored: [], unknown: [] });
    expect(kit.parse(Object.fromEntries(search)).state).toEqual(state);
  });

  it("leaves defaults out of URLs, and applies a patch", () => {
    expect(kit.serialize(kit.defaults).toString()).toBe("");
    expect(kit.href("/list", kit.defaults)).toBe("/list");
    expect(kit.href("/list", kit.defaults, { view: "mine", size: 20, tags: ["b", "a"] })).toBe("/list?view=mine&tags=b%2Ca");
    const state = parse("view=mine&size=10").state;
    expect(kit.href("/list", state, { view: "all" })).toBe("/list?size=10");
  });

  it("writes parameters in map order whatever the state's key order", () => {
    const state = { after: null, size: 10, from: null, tags: [], q: "k", view: "mine" } as const;
    expect(kit.serialize({ ...state, tags: [] }).toString()).toBe("view=mine&q=k&size=10");
  });

  it("reports garbage values by name, in map order, and falls back to the default", () => {
    const parsed = parse("after=%21%21&size=15&from=2026-02-30&q=" + "x".repeat(21) + "&view=theirs");
    expect(parsed.state).toEqual(kit.defaults);
    expect(parsed.ignored).toEqual(["view", "q", "from", "size", "after"]);
    const cursors = ["not-a-cursor!", btoa("[1,2]"), btoa("{"), btoa('["2026-01-01",-1]'), "A".repeat(101)];
    for (const after of cursors) expect(kit.parse({ after })).toEqual({ state: kit.defaults, ignored: ["after"], unknown: [] });
  });

  it("reports names it does not know, once each, without failing", () => {
    const parsed = parse("page=2&view=mine&page=3&utm_source=x");
    expect(parsed.state.view).toBe("mine");
    expect(parsed.ignored).toEqual([]);
    expect(parsed.unknown).toEqual(["page", "utm_source"]);
    expect(kit.parse({ page: "2", gone: undefined }).unknown).toEqual(["page"]);
  });

  it("treats blank values as absent and takes the last of repeated single values", () => {
    expect(parse("view=&q=%20%20&from=").ignored).toEqual([]);
    expect(parse("view=theirs&view=mine&view=").state.view).toBe("mine");
    expect(kit.parse({ view: ["mine", "all"] }).state.view).toBe("all");
  });

  it("reads multi values from repeats and comma lists, drops duplicates and bad items, caps the count", () => {
    expect(parse("tags=b&tags=a,,c").state.tags).toEqual(["b", "a", "c"]);
    expect(parse("tags=a,a&tags=b")).toMatchObject({ state: { tags: ["a", "b"] }, ignored: [] });
    const bad = parse("tags=a,zz,b");
    expect(bad.state.tags).toEqual(["a", "b"]);
    expect(bad.ignored).toEqual(["tags"]);
    const many = parse("tags=a,b,c,a");
    expect(many.state.tags).toEqual(["a", "b", "c"]);
    expect(many.ignored).toEqual(["tags"]);
  });

  it("never throws on odd input", () => {
    for (const query of ["%", "size=%FF", "tags=,,,", "after=" + "_".repeat(5000), "__proto__=1&constructor=x", "q=%00%01"]) {
      expect(() => parse(query)).not.toThrow();
    }
    expect(parse("__proto__=1").unknown).toEqual(["__proto__"]);
  });

  it("picks the URL part of a larger object", () => {
    const state = parse("view=mine").state;
    expect(kit.pick({ ...state, extra: 1 } as typeof state)).toEqual(state);
  });
});

describe("cursor codec", () => {
  it("writes URL-safe text that reads back, with any characters inside", () => {
    const text = codec.encode({ at: "2026-01-01", id: 42 });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(text)).toEqual({ at: "2026-01-01", id: 42 });
    const free = createCursorCodec({
      toJson: (v: string) => [v],
      schema: z.tuple([z.string()]).transform(([v]) => v),
      maxLength: 200,
    });
    for (const value of ["заказ/№1 ~ é", 'a,b"c', "+/="]) expect(free.decode(free.encode(value))).toBe(value);
  });

  it("refuses text it did not write", () => {
    for (const text of ["", "a+b", "AAAA=", "A", btoa("\xff\xfe"), "x".repeat(101)]) expect(codec.decode(text)).toBeNull();
  });
});

describe("encodeSearch / withSearch", () => {
  it("joins repeated names with commas and leaves blanks out", () => {
    const search = encodeSearch([
      ["status", "a"],
      ["q", " "],
      ["status", "b"],
      ["size", "25"],
    ]);
    expect(search.toString()).toBe("status=a%2Cb&size=25");
    expect(withSearch("/x", search)).toBe("/x?status=a%2Cb&size=25");
    expect(withSearch("/x", new URLSearchParams())).toBe("/x");
  });
});
