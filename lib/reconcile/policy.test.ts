import { describe, expect, it } from "vitest";
import { nextPollAfterAttempt, nextPollAfterEvent, type PollSubject } from "./policy";

const now = new Date("2025-01-01T00:00:00Z");
const seconds = (at: Date | null) => (at === null ? null : (at.getTime() - now.getTime()) / 1000);
const h2hPayin: PollSubject = { type: "payin", product: "p2p", integration: "h2h", status: "processing", hasInstructions: false };

describe("poll policy", () => {
  it("polls H2H P2P payins waiting for instructions every 15 s", () => {
    expect(seconds(nextPollAfterEvent(h2hPayin, now).nextPollAt)).toBe(15);
    expect(seconds(nextPollAfterAttempt(h2hPayin, 5, now))).toBe(15);
  });

  it("polls widget payins like any late application: they never get instructions", () => {
    const widget: PollSubject = { ...h2hPayin, integration: "h2c" };
    expect(seconds(nextPollAfterEvent(widget, now).nextPollAt)).toBe(60);
    expect([1, 2, 3, 4, 5].map((n) => seconds(nextPollAfterAttempt(widget, n, now)))).toEqual([120, 240, 480, 900, 900]);
  });

  it("backs off when info does not know the application, even while instructions are awaited", () => {
    const intervals = [1, 2, 3, 4].map((n) => seconds(nextPollAfterAttempt(h2hPayin, n, now, { notFound: true })));
    expect(intervals).toEqual([120, 240, 480, 900]);
  });

  it("stops polling final applications and restarts counts on news", () => {
    expect(nextPollAfterEvent({ ...h2hPayin, status: "success" }, now)).toEqual({ nextPollAt: null, pollAttempts: 0 });
    expect(nextPollAfterAttempt({ ...h2hPayin, status: "decline" }, 3, now)).toBeNull();
    expect(nextPollAfterEvent({ ...h2hPayin, hasInstructions: true }, now).pollAttempts).toBe(0);
    expect(seconds(nextPollAfterAttempt({ ...h2hPayin, hasInstructions: true }, 1, now))).toBe(120);
  });
});
