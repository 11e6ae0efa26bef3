import { describe, expect, it } from "vitest";
import { clientAddress, requestContext } from "./request-context";

describe("clientAddress", () => {
  it("takes the first X-Forwarded-For hop, else X-Real-IP", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": " 203.0.113.9 , 10.0.0.1", "x-real-ip": "10.0.0.2" }))).toBe(
      "203.0.113.9",
    );
    expect(clientAddress(new Headers({ "x-real-ip": "10.0.0.2" }))).toBe("10.0.0.2");
    expect(clientAddress(new Headers())).toBeNull();
    expect(requestContext(new Headers({ "user-agent": "curl/8" }))).toEqual({ ip: null, userAgent: "curl/8" });
  });
});
