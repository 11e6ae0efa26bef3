import { describe, expect, it } from "vitest";
import { auditFields, mentionedIds } from "./details";

describe("audit details as fields", () => {
  it("reads amounts next to a currency as money, people and registers as references, the rest as text, A to Z", () => {
    expect(
      auditFields({
        currency: "KZT",
        amount: 150_050,
        requestedBy: 7,
        registers: [{ name: "Kazakhstan KZT", projectId: "p-1" }],
        delivery: 12,
        reason: "<b>limit</b>",
        nested: { a: 1 },
      }),
    ).toEqual([
      { key: "amount", kind: "money", minor: "150050", currency: "KZT" },
      { key: "delivery", kind: "delivery", deliveryId: 12 },
      { key: "nested", kind: "text", text: '{"a":1}' },
      { key: "reason", kind: "text", text: "<b>limit</b>" },
      { key: "registers", kind: "registers", registers: [{ name: "Kazakhstan KZT", projectId: "p-1" }] },
      { key: "requestedBy", kind: "user", userId: 7 },
    ]);
  });

  it("keeps a currency without an amount, and scopes of every register as text", () => {
    expect(auditFields({ currency: "KGS", registers: "all" })).toEqual([
      { key: "currency", kind: "text", text: "KGS" },
      { key: "registers", kind: "text", text: "all" },
    ]);
    expect(auditFields(null)).toEqual([]);
    expect(auditFields("plain")).toEqual([{ key: "details", kind: "text", text: "plain" }]);
  });

  it("collects the users and registers a page mentions, once each", () => {
    expect(
      mentionedIds([
        { targetType: "user", targetId: "4", details: { requestedBy: 5 }, actorUserId: 4 },
        { targetType: "register", targetId: "p-1", details: { registers: [3] }, actorUserId: null },
      ]),
    ).toEqual({ userIds: [4, 5], registerIds: [3], projectIds: ["p-1"] });
  });
});
