import { describe, expect, it } from "vitest";
import { assignInput, bulkInput, noteInput, QUEUE_PAGE, resolveInput, snoozeInput } from "./schemas";

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
    // Ids beyond what a bigint column and a JS number hold are refused here, not by the database.
    expect(resolveInput.safeParse({ itemId: "99999999999999999999", resolution: "written_off" }).success).toBe(false);
    expect(bulkInput.safeParse({ do: "assign_to_me", itemIds: ["1", "1e300"] }).success).toBe(false);
    expect(assignInput.safeParse({ itemId: 1, assigneeId: "9007199254740993" }).success).toBe(false);
    expect(noteInput.safeParse({ applicationId: "1e20", body: "x" }).success).toBe(false);
  });

  it("takes a snooze day as YYYY-MM-DD", () => {
    expect(snoozeInput.safeParse({ itemId: 1, until: "2026-12-05" }).success).toBe(true);
    expect(snoozeInput.safeParse({ itemId: 1, until: "05.12.2026" }).success).toBe(false);
  });
});

describe("work on several items", () => {
  const ticked = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

  it("takes one page's items at most, at least one", () => {
    expect(bulkInput.parse({ do: "assign_to_me", itemIds: ticked(QUEUE_PAGE) }).itemIds).toHaveLength(QUEUE_PAGE);
    expect(bulkInput.safeParse({ do: "assign_to_me", itemIds: ticked(QUEUE_PAGE + 1) }).error?.issues[0]?.message).toBe(
      "queue.errors.tooMany",
    );
    expect(bulkInput.safeParse({ do: "assign_to_me", itemIds: [] }).error?.issues[0]?.message).toBe("queue.errors.noneSelected");
    expect(bulkInput.safeParse({ do: "assign_to_me", itemIds: "1" }).success).toBe(false);
    expect(bulkInput.safeParse({ do: "delete", itemIds: ["1"] }).success).toBe(false);
  });

  it("takes a whole tab instead of ticked items", () => {
    expect(bulkInput.parse({ do: "assign_to_me", tab: { reason: "dispute", mine: false } })).toMatchObject({
      itemIds: [],
      tab: { reason: "dispute", mine: false },
    });
    expect(bulkInput.safeParse({ do: "assign_to_me", tab: { reason: null, mine: true } }).success).toBe(true);
    expect(bulkInput.safeParse({ do: "assign_to_me" }).error?.issues[0]?.message).toBe("queue.errors.noneSelected");
    expect(bulkInput.safeParse({ do: "assign_to_me", tab: { reason: "x".repeat(41), mine: false } }).success).toBe(false);
    expect(bulkInput.safeParse({ do: "assign_to_me", tab: { reason: "dispute" } }).success).toBe(false);
  });

  it("asks of a resolution what one item's would, and a snooze its day", () => {
    const issues = (input: object) =>
      bulkInput.safeParse({ itemIds: ["1", "2"], ...input }).error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];
    expect(issues({ do: "resolve" })).toEqual([["resolution", "queue.errors.resolution"]]);
    expect(issues({ do: "resolve", resolution: "appeal_filed" })).toEqual([["ticketRef", "queue.errors.ticketRequired"]]);
    expect(issues({ do: "resolve", resolution: "written_off", ticketRef: "x".repeat(101) })).toEqual([
      ["ticketRef", "queue.errors.ticketLong"],
    ]);
    expect(issues({ do: "resolve", resolution: "written_off" })).toEqual([]);
    expect(issues({ do: "snooze" })).toEqual([["until", "queue.errors.snoozeDate"]]);
    expect(issues({ do: "snooze", until: "2026-12-24" })).toEqual([]);
  });
});
