import { describe, expect, it } from "vitest";
import { addToConversion, conversionBasisPoints, conversionPercentText } from "./conversion";
import { DEFAULT_REPORT_STATE, parseReportParams, reportHref, resolveReport } from "./schemas";

describe("conversion", () => {
  it("counts success over success and decline, and nothing else", () => {
    let c = { successful: 0, finished: 0 };
    for (const [status, n] of [
      ["success", 2],
      ["decline", 1],
      ["processing", 5],
      ["dispute", 1],
      ["error", 1],
      [null, 4],
    ] as const)
      c = addToConversion(c, status, n);
    expect(c).toEqual({ successful: 2, finished: 3 });
    expect(conversionPercentText(c)).toBe("66.67");
    expect(conversionPercentText(c, ",")).toBe("66,67");
  });

  it("rounds half up in integers and says nothing when nothing finished", () => {
    expect(conversionBasisPoints({ successful: 1, finished: 8 })).toBe(1250);
    expect(conversionBasisPoints({ successful: 1, finished: 3 })).toBe(3333);
    expect(conversionBasisPoints({ successful: 0, finished: 0 })).toBeNull();
    expect(conversionPercentText({ successful: 0, finished: 0 })).toBe("");
    expect(conversionPercentText({ successful: 7, finished: 7 })).toBe("100.00");
    expect(conversionPercentText({ successful: 1, finished: 20_000 })).toBe("0.01");
  });
});

describe("report URL state", () => {
  it("reads the filters and reports what it refuses", () => {
    const params = parseReportParams(
      new URLSearchParams("from=2026-11-01&to=2026-11-30&granularity=month&type=payout&currency=kzt&method=card-p2p&register=p1"),
    );
    expect(params).toMatchObject({
      from: "2026-11-01",
      to: "2026-11-30",
      granularity: "month",
      type: "payout",
      currency: "KZT",
      method: "card-p2p",
      register: "p1",
      ignored: [],
    });
    const bad = parseReportParams(new URLSearchParams("from=2026-02-30&granularity=week&currency=tenge&method=DROP TABLE"));
    expect(bad.ignored).toEqual(["from", "granularity", "currency", "method"]);
    expect(bad.granularity).toBe("day");
  });

  it("round-trips through links, leaving defaults out", () => {
    expect(reportHref(DEFAULT_REPORT_STATE)).toBe("/reports");
    const state = { ...DEFAULT_REPORT_STATE, granularity: "month" as const, currency: "RUB" };
    expect(reportHref(state)).toBe("/reports?granularity=month&currency=RUB");
    const { ignored: _ignored, ...back } = parseReportParams(new URLSearchParams(reportHref(state).split("?")[1]));
    expect(back).toEqual(state);
  });

  it("defaults to the last 30 days up to today", () => {
    expect(resolveReport(DEFAULT_REPORT_STATE, "2026-12-01")).toMatchObject({
      ok: true,
      query: { from: "2026-11-02", to: "2026-12-01", granularity: "day" },
    });
    expect(resolveReport({ ...DEFAULT_REPORT_STATE, to: "2026-03-01" }, "2026-12-01")).toMatchObject({
      query: { from: "2026-01-31", to: "2026-03-01" },
    });
  });

  it("refuses a period that ends before it starts or is too long for its granularity", () => {
    expect(resolveReport({ ...DEFAULT_REPORT_STATE, from: "2026-11-02", to: "2026-11-01" }, "2026-12-01")).toEqual({
      ok: false,
      field: "to",
      problem: "order",
    });
    const year = { ...DEFAULT_REPORT_STATE, from: "2025-01-01", to: "2026-06-30" };
    expect(resolveReport(year, "2026-12-01")).toEqual({ ok: false, field: "from", problem: "tooLong" });
    expect(resolveReport({ ...year, granularity: "month" }, "2026-12-01").ok).toBe(true);
  });
});
