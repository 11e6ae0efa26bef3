import { describe, expect, it } from "vitest";
import { resolveInput, snoozeInput } from "./schemas";

describe("resolve input", () => {
  it("asks an appeal for its support ticket and 'other' for a note", () => {
    const appeal = resolveInput.safeParse({ itemId: "3", resolution: "appeal_filed", ticketRef: "  " });
    expect(appeal.success).toBe(false);
    expect(appeal.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["ticketRef", "queue.errors.ticketRequired"],
    ]);
    const other = resolveInput.safeParse({ itemId: "3", resolution: "other" });
    expect(other.error?.issues.map((i) => i.path.join("."))).toEqual(["note"]);
    expect(resolveInput.parse({ itemId: "3", resolution: "appeal_filed", ticketRef: " HH-1 " })).toMatchObject({
      itemId: 3,
      ticketRef: "HH-1",
      note: "",
    });
  });

  it("refuses what the columns cannot hold and resolutions people may not choose", () => {
    expect(resolveInput.safeParse({ itemId: 1, resolution: "written_off", ticketRef: "x".repeat(101) }).success).toBe(false);
    expect(resolveInput.safeParse({ itemId: 1, resolution: "written_off", note: "x".repeat(2001) }).success).toBe(false);
    expect(resolveInput.safeParse({ itemId: 1, resolution: "auto" }).success).toBe(false);
  });

  it("takes a snooze day as YYYY-MM-DD", () => {
    expect(snoozeInput.safeParse({ itemId: 1, until: "2026-12-05" }).success).toBe(true);
    expect(snoozeInput.safeParse({ itemId: 1, until: "05.12.2026" }).success).toBe(false);
  });
});
