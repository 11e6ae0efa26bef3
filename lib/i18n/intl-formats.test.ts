import { describe, expect, it } from "vitest";
import { dateTimeFormat, numberFormat } from "./intl-formats";

describe("cached Intl formatters", () => {
  it("builds one formatter per locale and options, and formats as a new one would", () => {
    const options = { timeZone: "Asia/Almaty", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
    const format = dateTimeFormat("ru-RU", options);
    expect(dateTimeFormat("ru-RU", { ...options })).toBe(format);
    expect(dateTimeFormat("en-US", options)).not.toBe(format);
    const at = new Date("2026-11-30T09:32:00Z");
    expect(format.format(at)).toBe(new Intl.DateTimeFormat("ru-RU", options).format(at));
    expect(format.format(at)).toBe("14:32");
  });

  it("keeps number formats of different options apart", () => {
    expect(numberFormat("ru-RU").format(1234567)).toBe(new Intl.NumberFormat("ru-RU").format(1234567));
    expect(numberFormat("en-US", { style: "percent" }).format(0.25)).toBe("25%");
    expect(numberFormat("en-US").format(0.25)).toBe("0.25");
  });
});
