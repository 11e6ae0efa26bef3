import { describe, expect, it } from "vitest";

import { describeHighHelpError, errorDescription, type HighHelpError } from "./errors";

describe("describeHighHelpError", () => {
  const cases: Array<[HighHelpError, RegExp]> = [
    [
      {
        kind: "invalid_request",
        endpoint: "p2pPayinCreate",
        issues: [{ path: "payment.amount", message: "Too small", code: "too_small" }],
      },
      /not sent.*payment\.amount: Too small/,
    ],
    [
      {
        kind: "http_4xx",
        endpoint: "p2pPayinInfo",
        status: 400,
        bodyText: "{}",
        bodyJson: {},
        description: "Invalid signature",
        attempts: 1,
      },
      /refused.*HTTP 400.*Invalid signature/,
    ],
    [
      {
        kind: "http_4xx",
        endpoint: "p2pPayinInfo",
        status: 404,
        bodyText: "",
        bodyJson: undefined,
        description: undefined,
        attempts: 1,
      },
      /HTTP 404.*no details/,
    ],
    [
      {
        kind: "http_5xx",
        endpoint: "balanceInfo",
        status: 503,
        bodyText: "",
        bodyJson: undefined,
        description: undefined,
        attempts: 3,
      },
      /server error \(HTTP 503\) after 3 attempts\.$/,
    ],
    [
      { kind: "timeout", endpoint: "p2pPayoutCreate", timeoutMs: 15000, attempts: 1 },
      /15000 ms.*may or may not have been applied/,
    ],
    [
      { kind: "network", endpoint: "bankList", message: "fetch failed", code: "ECONNREFUSED", attempts: 3 },
      /ECONNREFUSED\) after 3 attempts/,
    ],
    [
      {
        kind: "malformed_response",
        endpoint: "p2pPayinInfo",
        status: 200,
        reason: "not_json",
        bodyText: "<html>",
        issues: [],
        attempts: 1,
      },
      /not JSON/,
    ],
    [
      {
        kind: "malformed_response",
        endpoint: "p2pPayinInfo",
        status: 200,
        reason: "schema_mismatch",
        bodyText: "{}",
        issues: [{ path: "status", message: "Invalid option", code: "invalid_value" }],
        attempts: 1,
      },
      /unexpected shape: status: Invalid option/,
    ],
  ];

  it.each(cases)("%o", (error, pattern) => {
    expect(describeHighHelpError(error)).toMatch(pattern);
  });
});

describe("errorDescription", () => {
  it("takes status_description, detail, message or error, in that order", () => {
    expect(errorDescription({ status_description: "a", detail: "b" })).toBe("a");
    expect(errorDescription({ detail: "b", message: "c" })).toBe("b");
    expect(errorDescription({ message: "c" })).toBe("c");
    expect(errorDescription({ error: "d" })).toBe("d");
    expect(errorDescription({ status_description: null, message: "c" })).toBe("c");
    expect(errorDescription("text")).toBeUndefined();
    expect(errorDescription([1])).toBeUndefined();
  });
});
