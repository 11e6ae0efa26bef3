import { describe, expect, it } from "vitest";
import { daysBetween, rollupDayOf, shiftDay, weekStartDay, wholeMonths } from "./day";

describe("rollup days", () => {
  it("cuts days in UTC", () => {
    expect(rollupDayOf(new Date("2026-11-18T23:59:59.999Z"))).toBe("2026-11-18");
    expect(rollupDayOf(new Date("2026-11-19T00:00:00.000Z"))).toBe("2026-11-19");
  });

  it("shifts days across months and years", () => {
    expect(shiftDay("2026-03-01", -1)).toBe("2026-02-28");
    expect(shiftDay("2026-12-31", 1)).toBe("2027-01-01");
    expect(shiftDay("2026-11-18", -29)).toBe("2026-10-20");
  });

  it("starts weeks on Monday", () => {
    expect(weekStartDay(new Date("2026-11-18T12:00:00Z"))).toBe("2026-11-16");
    expect(weekStartDay(new Date("2026-11-16T00:00:00Z"))).toBe("2026-11-16");
    expect(weekStartDay(new Date("2026-11-22T23:59:59Z"))).toBe("2026-11-16");
  });

  it("lists every day of a range, both ends included", () => {
    expect(daysBetween("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(daysBetween("2026-11-18", "2026-11-18")).toEqual(["2026-11-18"]);
  });

  it("finds the whole months of a range of days", () => {
    expect(wholeMonths(null, null)).toEqual({ first: null, end: null });
    expect(wholeMonths("2026-01-01", "2026-03-31")).toEqual({ first: "2026-01-01", end: "2026-04-01" });
    expect(wholeMonths("2026-01-15", "2026-04-10")).toEqual({ first: "2026-02-01", end: "2026-04-01" });
    expect(wholeMonths("2026-02-01", "2026-02-28")).toEqual({ first: "2026-02-01", end: "2026-03-01" });
    expect(wholeMonths("2028-02-01", "2028-02-28")).toBeNull(); // a leap year's February has 29 days
    expect(wholeMonths("2026-12-05", null)).toEqual({ first: "2027-01-01", end: null });
    expect(wholeMonths(null, "2026-12-31")).toEqual({ first: null, end: "2027-01-01" });
    expect(wholeMonths(null, "2026-12-30")).toEqual({ first: null, end: "2026-12-01" });
    expect(wholeMonths("2026-11-02", "2026-11-30")).toBeNull();
    expect(wholeMonths("2026-11-18", "2026-11-18")).toBeNull();
  });
});
