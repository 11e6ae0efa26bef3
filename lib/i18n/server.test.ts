import { beforeEach, describe, expect, it, vi } from "vitest";

const reader = vi.hoisted(() => ({ locale: "en", timeZone: "UTC" }));
vi.mock("next-intl/server", () => ({
  getLocale: async () => reader.locale,
  getTimeZone: async () => reader.timeZone,
}));

const { getTranslations } = await import("./server");

describe("the server's translator", () => {
  beforeEach(() => {
    reader.locale = "en";
    reader.timeZone = "UTC";
  });

  it("speaks the reader's language, plurals and all, each time it is asked", async () => {
    for (let round = 0; round < 2; round++) {
      reader.locale = "ru";
      const ru = await getTranslations("notifications");
      expect([1, 3, 5, 21].map((count) => ru("unread", { count }))).toEqual([
        "1 непрочитанное уведомление",
        "3 непрочитанных уведомления",
        "5 непрочитанных уведомлений",
        "21 непрочитанное уведомление",
      ]);
      reader.locale = "en";
      const en = await getTranslations("notifications");
      expect([0, 1, 3].map((count) => en("unread", { count }))).toEqual([
        "no unread notifications",
        "1 unread notification",
        "3 unread notifications",
      ]);
    }
  });

  it("keeps a message's values apart from one call to the next", async () => {
    const t = await getTranslations();
    expect(t("notifications.kind.approval_waiting", { paymentId: "po-1" })).toBe("Payout po-1 waits for your approval");
    expect(t("notifications.kind.approval_waiting", { paymentId: "po-2" })).toBe("Payout po-2 waits for your approval");
    reader.timeZone = "Asia/Almaty";
    expect((await getTranslations())("preferences.timeZoneAuto", { zone: "Asia/Almaty" })).toBe(
      "The organisation's (Asia/Almaty)",
    );
  });

  it("answers a missing key with the key, as next-intl does", async () => {
    const t = await getTranslations("notifications");
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(t("noSuchKey")).toBe("notifications.noSuchKey");
  });
});
