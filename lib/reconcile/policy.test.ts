import { describe, expect, it } from "vitest";
import {
  ACTIVE_POLL_INTERVAL_SECONDS,
  MAX_POLL_INTERVAL_SECONDS,
  nextPollAfterAttempt,
  nextPollAfterEvent,
  type PollSubject,
} from "./policy";

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

  it("caps the back-off at a minute while a P2P payin is within its lifetime", () => {
    const live: PollSubject = { ...h2hPayin, hasInstructions: true, createdAt: now, lifetime: 600 };
    const later = new Date(now.getTime() + 300_000);
    const at = (n: number) => (nextPollAfterAttempt(live, n, later)!.getTime() - later.getTime()) / 1000;
    expect([1, 2, 3, 4, 8].map(at)).toEqual(Array(5).fill(ACTIVE_POLL_INTERVAL_SECONDS));
    const expired = new Date(now.getTime() + 601_000);
    expect((nextPollAfterAttempt(live, 4, expired)!.getTime() - expired.getTime()) / 1000).toBe(MAX_POLL_INTERVAL_SECONDS);
  });

  it("uses HighHelp's expiration over the requested lifetime", () => {
    const live: PollSubject = {
      ...h2hPayin,
      hasInstructions: true,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 3_600_000),
    };
    expect(seconds(nextPollAfterAttempt(live, 3, now))).toBe(ACTIVE_POLL_INTERVAL_SECONDS);
    expect(seconds(nextPollAfterAttempt({ ...live, expiresAt: now }, 3, now))).toBe(480);
  });

  it("caps a processing payout at a minute, not other payouts", () => {
    const payout: PollSubject = {
      type: "payout",
      product: "p2p",
      integration: "h2h",
      status: "processing",
      hasInstructions: false,
    };
    expect(seconds(nextPollAfterAttempt(payout, 6, now))).toBe(ACTIVE_POLL_INTERVAL_SECONDS);
    expect(seconds(nextPollAfterAttempt({ ...payout, status: "dispute" }, 6, now))).toBe(MAX_POLL_INTERVAL_SECONDS);
    expect(seconds(nextPollAfterAttempt({ ...payout, status: null }, 3, now))).toBe(480);
  });
});
