import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIST_STATE,
  decodeCursor,
  encodeCursor,
  exportHref,
  hasFilters,
  listHref,
  listSearchParams,
  listState,
  parseExportParams,
  parseListParams,
  type Cursor,
} from "./url-state";

const parse = (query: string) => parseListParams(new URLSearchParams(query));
const cursor: Cursor = { sort: "created", dir: "desc", value: "2026-11-01T10:00:00.123456Z", id: 42 };

describe("parseListParams", () => {
  it("gives the defaults for an empty URL", () => {
    const params = parse("");
    expect(listState(params)).toEqual(DEFAULT_LIST_STATE);
    expect(params).toMatchObject({
      view: "all",
      sort: "created",
      dir: "desc",
      size: 50,
      after: null,
      before: null,
      minMinor: null,
      ignored: [],
    });
  });

  it("reads every parameter", () => {
    const params = parse(
      "view=attention&q=SEED-PI-0001&status=success,dispute&sub_status=no_payment&currency=kzt&method=card-p2p&product=p2p&integration=h2h&from=2026-11-01&to=2026-11-30&min=1%20500.5&max=2000&sort=amount&dir=asc&size=100",
    );
    expect(params).toMatchObject({
      view: "attention",
      q: "SEED-PI-0001",
      status: ["success", "dispute"],
      sub_status: ["no_payment"],
      currency: "KZT",
      method: "card-p2p",
      product: "p2p",
      integration: "h2h",
      from: "2026-11-01",
      to: "2026-11-30",
      min: "1500.5",
      max: "2000",
      minMinor: 150_050n,
      maxMinor: 200_000n,
      sort: "amount",
      dir: "asc",
      size: 100,
      ignored: [],
    });
  });

  it("reads a register by project_id, and ignores one that cannot be a project_id", () => {
    const ok = parseListParams(new URLSearchParams("register=5a4db0c5-7e57-4b0c-8a11-000000000002"));
    expect(ok.register).toBe("5a4db0c5-7e57-4b0c-8a11-000000000002");
    expect(hasFilters(ok)).toBe(true);
    expect(listSearchParams(ok).get("register")).toBe("5a4db0c5-7e57-4b0c-8a11-000000000002");
    const bad = parseListParams(new URLSearchParams("register=%27%3B%20drop"));
    expect(bad.register).toBeNull();
    expect(bad.ignored).toContain("register");
  });

  it("accepts repeated names as well as comma lists, and drops duplicates", () => {
    expect(parse("status=success&status=decline,success").status).toEqual(["success", "decline"]);
    expect(parseListParams({ status: ["error", "not_sent"] }).status).toEqual(["error", "not_sent"]);
  });

  it("falls back to the default sort for a garbage or unknown sort key", () => {
    for (const sort of ["garbage", "id; drop table applications", "created_at", "AMOUNT", "-amount", "__proto__"]) {
      const params = parse(`sort=${encodeURIComponent(sort)}`);
      expect(params.sort).toBe("created");
      expect(params.ignored).toContain("sort");
    }
    expect(parse("dir=sideways").dir).toBe("desc");
  });

  it("refuses negative, zero, huge and odd page sizes", () => {
    for (const size of ["-25", "0", "26", "1000000", "50.5", "1e2", "fifty", ""]) {
      expect(parse(`size=${size}`).size).toBe(50);
    }
    expect(parse("size=25").size).toBe(25);
  });

  it("refuses bad dates", () => {
    for (const date of ["2026-02-30", "2026-13-01", "26-11-01", "2026-11-01T00:00", "yesterday", "1899-01-01", "2026-11-1"]) {
      const params = parse(`from=${date}&to=${date}`);
      expect(params.from).toBeNull();
      expect(params.to).toBeNull();
      expect(params.ignored).toEqual(expect.arrayContaining(["from", "to"]));
    }
    expect(parse("from=2028-02-29").from).toBe("2028-02-29");
  });

  it("converts amounts exactly with the currency filter's exponent, and refuses bad ones", () => {
    expect(parse("min=0.01").minMinor).toBe(1n);
    expect(parse("min=12345678901.99&currency=RUB").minMinor).toBe(1_234_567_890_199n);
    expect(parse("max=1,5").maxMinor).toBe(150n);
    for (const amount of ["-5", "1e3", "abc", "1.234", "0x10", "1.2.3", "99999999999999999999", "Infinity", "NaN"]) {
      const params = parse(`min=${encodeURIComponent(amount)}`);
      expect(params.minMinor).toBeNull();
      expect(params.min).toBeNull();
      expect(params.ignored).toContain("min");
    }
  });

  it("drops unknown statuses and sub-statuses but keeps the known ones", () => {
    const params = parse("status=success,bogus,SUCCESS&sub_status=no_payment,made_up");
    expect(params.status).toEqual(["success"]);
    expect(params.sub_status).toEqual(["no_payment"]);
    expect(params.ignored).toEqual(expect.arrayContaining(["status", "sub_status"]));
  });

  it("refuses unknown products, integrations, currencies and methods", () => {
    const params = parse("product=crypto&integration=h2x&currency=EURO&method=card p2p");
    expect(params).toMatchObject({ product: null, integration: null, currency: null, method: null });
    expect(params.ignored).toEqual(expect.arrayContaining(["product", "integration", "currency", "method"]));
  });

  it("keeps injection attempts in search as plain text (they are bound as parameters later)", () => {
    expect(parse(`q=${encodeURIComponent("' OR 1=1 --")}`).q).toBe("' OR 1=1 --");
    expect(parse(`q=${encodeURIComponent("100%_\\")}`).q).toBe("100%_\\");
    expect(parse(`q=${encodeURIComponent("  SEED-PI-1\u0000\n ")}`).q).toBe("SEED-PI-1");
    const long = parse(`q=${"x".repeat(500)}`);
    expect(long.q).toBe("");
    expect(long.ignored).toContain("q");
    expect(parse("q=%20%20").q).toBe("");
  });

  it("reads a card number typed whole as its mask, so that nothing built from the URL carries it on", () => {
    expect(parse(`q=${encodeURIComponent("4400 4301 2345 6789")}`).q).toBe("440043******6789");
    expect(parse("q=4400430123456788").q).toBe("4400430123456788");
  });

  it("refuses invalid cursors", () => {
    const good = encodeCursor(cursor);
    expect(parse(`after=${good}`).after).toEqual(cursor);
    const bad = [
      "not-a-cursor!",
      "AAAA",
      Buffer.from("[1,2,3]").toString("base64url"),
      Buffer.from('["created","desc","2026-11-01",1]').toString("base64url"), // timestamp without µs
      Buffer.from('["amount","desc","12.5",1]').toString("base64url"),
      Buffer.from('["created","desc","2026-11-01T10:00:00.123456Z",-1]').toString("base64url"),
      Buffer.from('["created","desc","2026-11-01T10:00:00.123456Z",1.5]').toString("base64url"),
      Buffer.from('["id","desc","1",1]').toString("base64url"),
      "x".repeat(2000),
    ];
    for (const text of bad) {
      const params = parse(`after=${encodeURIComponent(text)}`);
      expect(params.after).toBeNull();
      expect(params.ignored).toContain("after");
    }
  });

  it("refuses a cursor made for another order", () => {
    const params = parse(`sort=amount&after=${encodeCursor(cursor)}`);
    expect(params.after).toBeNull();
    expect(params.ignored).toContain("after");
  });

  it("uses only one of after / before", () => {
    const text = encodeCursor(cursor);
    const params = parse(`after=${text}&before=${text}`);
    expect(params.after).toEqual(cursor);
    expect(params.before).toBeNull();
  });

  it("never throws, whatever the input", () => {
    const inputs = [
      "%",
      "size=%FF",
      "status=,,,",
      "a=1&a=2&sort=&sort=amount",
      `status=${"success,".repeat(1000)}`,
      "min=１２３",
    ];
    for (const query of inputs) {
      let search: URLSearchParams;
      try {
        search = new URLSearchParams(query);
      } catch {
        continue;
      }
      expect(() => parseListParams(search)).not.toThrow();
    }
    expect(parse("a=1&a=2&sort=&sort=amount").sort).toBe("amount");
    expect(parse(`status=${"success,".repeat(1000)}`).status).toEqual(["success"]);
  });
});

describe("cursors", () => {
  it("round-trip, including payment ids with any characters", () => {
    for (const value of ["ORD-1", "заказ/№1 ~ é", 'a,b"c']) {
      const c: Cursor = { sort: "payment_id", dir: "asc", value, id: 7 };
      const text = encodeCursor(c);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(text)).toEqual(c);
    }
  });
});

describe("listSearchParams / listHref", () => {
  it("is the inverse of parseListParams and leaves defaults out", () => {
    const query = "view=attention&q=abc&status=success%2Cdecline&currency=KZT&min=10&sort=amount&dir=asc&size=25";
    const params = parse(query);
    const again = parseListParams(listSearchParams(params));
    expect(listState(again)).toEqual(listState(params));
    expect(listHref("/payins", DEFAULT_LIST_STATE)).toBe("/payins");
    expect(listHref("/payins", DEFAULT_LIST_STATE, { size: 100 })).toBe("/payins?size=100");
  });

  it("carries cursors", () => {
    const href = listHref("/payouts", DEFAULT_LIST_STATE, { after: cursor });
    const params = parseListParams(new URL(href, "http://x").searchParams);
    expect(params.after).toEqual(cursor);
  });

  it("knows when a filter is set", () => {
    expect(hasFilters(DEFAULT_LIST_STATE)).toBe(false);
    expect(hasFilters({ ...DEFAULT_LIST_STATE, view: "attention", sort: "amount" })).toBe(false);
    expect(hasFilters(parse("currency=RUB"))).toBe(true);
  });
});

describe("exportHref / parseExportParams", () => {
  it("carries the filters and order, never the page position", () => {
    const after = encodeCursor({ ...cursor, sort: "amount", dir: "asc", value: "KZT:5" });
    const state = listState(parse(`q=abc&status=success,decline&sort=amount&dir=asc&size=25&after=${after}`));
    const href = exportHref("payout", state);
    expect(href).toBe("/api/applications/export?q=abc&status=success%2Cdecline&sort=amount&dir=asc&type=payout");
    const { type, params } = parseExportParams(new URL(href, "http://x").searchParams);
    expect(type).toBe("payout");
    expect(listState(params)).toEqual({ ...state, size: DEFAULT_LIST_STATE.size, after: null });
    expect(parseExportParams(new URLSearchParams("type=refund")).type).toBeNull();
  });
});
