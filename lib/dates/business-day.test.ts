import { afterEach, describe, expect, it, vi } from "vitest";

/** The module, loaded with the organisation in `zone` (env is read once, at import). */
async function businessDay(zone: string) {
  vi.stubEnv("DEFAULT_TIME_ZONE", zone);
  vi.resetModules();
  return import("./business-day");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("business days in the organisation's zone", () => {
  it("cuts days at local midnight in Asia/Almaty (UTC+5)", async () => {
    const { BUSINESS_TIME_ZONE, businessDayStart, businessDayOf, businessWeekStart } = await businessDay("Asia/Almaty");
    expect(BUSINESS_TIME_ZONE).toBe("Asia/Almaty");
    expect(businessDayStart("2026-11-18").toISOString()).toBe("2026-11-17T19:00:00.000Z");
    expect(businessDayStart("2026-11-18", 1).toISOString()).toBe("2026-11-18T19:00:00.000Z");
    // 20:30 UTC is already the next day in Almaty.
    expect(businessDayOf(new Date("2026-11-18T20:30:00Z"))).toBe("2026-11-19");
    expect(businessDayOf(new Date("2026-11-18T18:59:59Z"))).toBe("2026-11-18");
    // Sunday 20:00 UTC is Monday in Almaty: a new week.
    expect(businessWeekStart(new Date("2026-11-22T20:00:00Z"))).toBe("2026-11-23");
    expect(businessWeekStart(new Date("2026-11-22T18:00:00Z"))).toBe("2026-11-16");
  });

  it("follows daylight saving time: Europe/Berlin's October day has 25 hours", async () => {
    const { businessDayStart } = await businessDay("Europe/Berlin");
    const start = businessDayStart("2026-10-25");
    const end = businessDayStart("2026-10-25", 1);
    expect(start.toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(25);
  });
});
