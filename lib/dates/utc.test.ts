import { describe, expect, it } from "vitest";
import { addDays, formatCalendarPeriod, formatUtc, startOfUtcDay, startOfUtcWeek, utcDayStart, utcIsoDay } from "./utc";

describe("UTC days", () => {
  it("starts the day at 00:00 UTC whatever the hour", () => {
    expect(startOfUtcDay(new Date("2026-11-18T23:59:59.999Z")).toISOString()).toBe("2026-11-18T00:00:00.000Z");
    expect(startOfUtcDay(new Date("2026-11-18T00:00:00Z")).toISOString()).toBe("2026-11-18T00:00:00.000Z");
  });

  it("starts the week on Monday, the Monday included", () => {
    expect(startOfUtcWeek(new Date("2026-11-18T12:00:00Z")).toISOString()).toBe("2026-11-16T00:00:00.000Z"); // Wednesday
    expect(startOfUtcWeek(new Date("2026-11-16T00:00:00Z")).toISOString()).toBe("2026-11-16T00:00:00.000Z"); // Monday
    expect(startOfUtcWeek(new Date("2026-11-22T23:59:00Z")).toISOString()).toBe("2026-11-16T00:00:00.000Z"); // Sunday
    expect(startOfUtcWeek(new Date("2026-01-01T10:00:00Z")).toISOString()).toBe("2025-12-29T00:00:00.000Z"); // across a year
  });

  it("reads a YYYY-MM-DD day, and the next day's start for an inclusive end", () => {
    expect(utcDayStart("2026-11-30").toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(utcDayStart("2026-11-30", 1).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(utcDayStart("2024-02-28", 1).toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });

  it("adds whole days and names the UTC day", () => {
    expect(addDays(new Date("2026-11-18T12:00:00Z"), -29).toISOString()).toBe("2026-10-20T12:00:00.000Z");
    expect(utcIsoDay(new Date("2026-11-18T23:30:00Z"))).toBe("2026-11-18");
  });
});

describe("formatUtc", () => {
  it("shows a Date to the second or to the minute", () => {
    const at = new Date("2026-11-18T09:05:07.123Z");
    expect(formatUtc(at)).toBe("2026-11-18 09:05:07");
    expect(formatUtc(at, "minute")).toBe("2026-11-18 09:05");
  });

  it("shows ISO text with microseconds the same way", () => {
    expect(formatUtc("2026-11-18T09:05:07.123456Z")).toBe("2026-11-18 09:05:07");
    expect(formatUtc("2026-11-18T09:05:07.123456Z", "minute")).toBe("2026-11-18 09:05");
  });
});

describe("formatCalendarPeriod", () => {
  it("writes a day and a month as the reader's language does, whatever the process's zone", () => {
    expect(formatCalendarPeriod("2026-11-02", "ru-RU")).toBe("02.11.2026");
    expect(formatCalendarPeriod("2026-11-02", "en-US")).toBe("11/02/2026");
    expect(formatCalendarPeriod("2026-11", "en-US")).toBe("November 2026");
    expect(formatCalendarPeriod("2026-11", "ru-RU")).toMatch(/^ноябрь 2026/);
  });

  it("leaves text that is not a calendar period as it is", () => {
    expect(formatCalendarPeriod("2026-13-45", "en-US")).toBe("2026-13-45");
  });
});
