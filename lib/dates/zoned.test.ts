import { describe, expect, it } from "vitest";

import {
  formatInZone,
  isTimeZone,
  startOfZonedDay,
  startOfZonedWeek,
  zonedDayHours,
  zonedDateTimeText,
  zonedDayStart,
  zonedIsoDay,
  zoneOffsetMs,
} from "./zoned";

describe("business days in Asia/Almaty (UTC+5 all year)", () => {
  const zone = "Asia/Almaty";

  it("starts a day at 19:00 UTC the evening before", () => {
    expect(zonedDayStart("2026-11-30", zone).toISOString()).toBe("2026-11-29T19:00:00.000Z");
    expect(zonedDayStart("2026-11-30", zone, 1).toISOString()).toBe("2026-11-30T19:00:00.000Z");
  });

  it("puts 20:00 UTC on the next local day", () => {
    expect(zonedIsoDay(new Date("2026-11-30T18:59:59Z"), zone)).toBe("2026-11-30");
    expect(zonedIsoDay(new Date("2026-11-30T19:00:00Z"), zone)).toBe("2026-12-01");
    expect(startOfZonedDay(new Date("2026-11-30T20:00:00Z"), zone).toISOString()).toBe("2026-11-30T19:00:00.000Z");
  });

  it("starts the week on Monday, local time", () => {
    // Sunday 2026-11-29 20:00 UTC is Monday 01:00 in Almaty.
    expect(startOfZonedWeek(new Date("2026-11-29T20:00:00Z"), zone).toISOString()).toBe("2026-11-29T19:00:00.000Z");
    expect(startOfZonedWeek(new Date("2026-11-29T18:00:00Z"), zone).toISOString()).toBe("2026-11-22T19:00:00.000Z");
  });

  it("is five hours ahead", () => {
    expect(zoneOffsetMs(new Date("2026-07-01T00:00:00Z"), zone)).toBe(5 * 3_600_000);
    expect(zonedDayHours("2026-03-29", zone)).toBe(24);
  });
});

describe("business days across DST (Europe/Berlin)", () => {
  const zone = "Europe/Berlin";

  it("has a 23-hour day when clocks go forward and a 25-hour day when they go back", () => {
    expect(zonedDayStart("2026-03-29", zone).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(zonedDayStart("2026-03-30", zone).toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(zonedDayHours("2026-03-29", zone)).toBe(23);
    expect(zonedDayStart("2026-10-25", zone).toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(zonedDayHours("2026-10-25", zone)).toBe(25);
  });

  it("places instants around the change on the right day", () => {
    expect(zonedIsoDay(new Date("2026-10-25T22:59:59Z"), zone)).toBe("2026-10-25");
    expect(zonedIsoDay(new Date("2026-10-25T23:00:00Z"), zone)).toBe("2026-10-26");
  });
});

describe("formatInZone and isTimeZone", () => {
  it("shows the local time with its offset", () => {
    const text = formatInZone("2026-11-30T09:32:05Z", "Asia/Almaty", "ru-RU");
    expect(text).toContain("30.11.2026");
    expect(text).toContain("14:32:05");
    expect(text).toContain("GMT+5");
  });

  it("knows real zones and refuses made-up ones", () => {
    expect(isTimeZone("Asia/Bishkek")).toBe(true);
    expect(isTimeZone("Asia/Tashkent")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("zonedDateTimeText", () => {
  it("writes the wall-clock time of the zone as a spreadsheet reads it", () => {
    expect(zonedDateTimeText(new Date("2026-11-30T19:04:05.678Z"), "Asia/Almaty")).toBe("2026-12-01 00:04:05");
    expect(zonedDateTimeText(new Date("2026-11-30T19:04:05Z"), "UTC")).toBe("2026-11-30 19:04:05");
    // The hour repeated when Berlin's clocks go back reads twice, as the clock shows it.
    expect(zonedDateTimeText(new Date("2026-10-25T00:30:00Z"), "Europe/Berlin")).toBe("2026-10-25 02:30:00");
    expect(zonedDateTimeText(new Date("2026-10-25T01:30:00Z"), "Europe/Berlin")).toBe("2026-10-25 02:30:00");
  });
});
