import { describe, expect, it } from "vitest";
import { signedOutResponse } from "@/lib/accounts/auth-config";
import { AppError, errorResponse } from "./errors";

describe("errorResponse", () => {
  it("answers { error, message, fields? } with the status of the code's kind", async () => {
    const response = errorResponse(new AppError("bad_request:type", "Say which list.", { type: ["Use type=payin."] }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "bad_request:type",
      message: "Say which list.",
      fields: { type: ["Use type=payin."] },
    });
    const internal = errorResponse(new AppError("internal:action", "Oops."), { headers: { "cache-control": "no-store" } });
    expect(internal.status).toBe(500);
    expect(internal.headers.get("cache-control")).toBe("no-store");
    expect(await internal.json()).toEqual({ error: "internal:action", message: "Oops." });
  });

  it("is what the proxy answers an API request without a session", async () => {
    const answer = signedOutResponse();
    expect(answer).toBeInstanceOf(Response);
    const response = answer as Response;
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: "unauthenticated:session",
      message: "Your session has ended. Sign in again.",
    });
  });
});
