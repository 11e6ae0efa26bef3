import { describe, expect, it } from "vitest";
import { totalsPlan } from "./list-totals";
import { parseListParams } from "./url-state";

const plan = (query: string, zone?: string) => totalsPlan("payin", parseListParams(new URLSearchParams(query)), zone);

describe("totalsPlan", () => {
  it("reads the rollups for an unfiltered list", () => {
    expect(plan("")).toEqual({
      source: "rollups",
      filter: {
        type: "payin",
        statuses: [],
        currency: null,
        method: null,
        product: null,
        projectId: null,
        from: null,
        to: null,
      },
    });
  });

  it("maps every rollup dimension onto the rollup filter, 'not sent' as the empty status", () => {
    expect(
      plan("status=success,not_sent&currency=kzt&method=card-p2p&product=p2p&register=reg-1&from=2026-11-01&to=2026-11-30"),
    ).toEqual({
      source: "rollups",
      filter: {
        type: "payin",
        statuses: ["success", ""],
        currency: "KZT",
        method: "card-p2p",
        product: "p2p",
        projectId: "reg-1",
        from: "2026-11-01",
        to: "2026-11-30",
      },
    });
  });

  it("ignores what does not change the filtered set: order, page size, cursor", () => {
    expect(plan("sort=amount&dir=asc&size=100").source).toBe("rollups");
  });

  it.each([
    ["q=SEED-PI-0001", "search"],
    ["sub_status=no_payment", "sub-status"],
    ["integration=h2h", "integration"],
    ["min=100", "amount range"],
    ["max=100", "amount range"],
    ["view=attention", "needs-attention view"],
  ])("scans the applications for %s (%s is not in the rollups)", (query, reason) => {
    expect(plan(`${query}&currency=KZT`)).toEqual({ source: "scan", reasons: [reason] });
  });

  it("lists every reason at once", () => {
    expect(plan("q=x&integration=h2c&view=attention")).toEqual({
      source: "scan",
      reasons: ["search", "integration", "needs-attention view"],
    });
  });

  it("scans a date range when rollup days are not cut at UTC midnight, as the list's days are", () => {
    expect(plan("from=2026-11-01", "Asia/Almaty")).toEqual({ source: "scan", reasons: ["day boundaries"] });
    expect(plan("currency=KZT", "Asia/Almaty").source).toBe("rollups");
    expect(plan("from=2026-11-01&to=2026-11-02", "UTC").source).toBe("rollups");
  });
});
