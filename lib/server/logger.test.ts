import { afterEach, describe, expect, it, vi } from "vitest";
import { addLogContext, requestIdOf, withLogContext } from "./log-context";
import { describeError, logger } from "./logger";

function captured(): { lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const grab = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(grab as never);
  vi.spyOn(process.stderr, "write").mockImplementation(grab as never);
  return {
    lines: () =>
      chunks
        .join("")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

afterEach(() => vi.restoreAllMocks());

describe("logger", () => {
  it("writes one JSON line with the request and delivery ids of the work it belongs to, redacted", async () => {
    const out = captured();
    await withLogContext({ requestId: "req-0123456789" }, async () => {
      await Promise.resolve();
      addLogContext({ deliveryId: "delivery-1" });
      logger.error("card 4400430123456789 refused", { signature: "c2lnbmF0dXJl", card: "4400430123456789" });
    });
    logger.error("outside");
    const [inside, outside] = out.lines();
    expect(inside).toMatchObject({
      level: "error",
      msg: "card 440043******6789 refused",
      requestId: "req-0123456789",
      deliveryId: "delivery-1",
      signature: "[redacted]",
      card: "440043******6789",
    });
    expect(typeof inside!.time).toBe("string");
    expect(outside).not.toHaveProperty("requestId");
  });

  it("keeps only the cause of a failed query: never its parameters", () => {
    const out = captured();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_lower_key"'), {
      code: "23505",
    });
    const error = new Error("Failed query: insert into users …\nparams: admin@backoffice.test,$argon2id$v=19$secret", { cause });
    logger.error("cannot start", { error });
    expect(JSON.stringify(out.lines())).not.toContain("argon2id");
    expect(out.lines()[0]).toMatchObject({ error: { message: expect.stringContaining("users_email_lower_key"), code: "23505" } });
    expect(describeError(error)).toBe(
      'database query failed: duplicate key value violates unique constraint "users_email_lower_key" (23505)',
    );
  });

  it("names the cause of a refused connection", () => {
    const refused = new AggregateError(
      [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
      "",
    );
    expect(describeError(refused)).toContain("ECONNREFUSED 127.0.0.1:5432");
  });

  it("keeps a front proxy's request id when it looks like one, and makes one otherwise", () => {
    expect(requestIdOf(new Headers({ "x-request-id": "nginx-5f2b9c0e" }))).toBe("nginx-5f2b9c0e");
    expect(requestIdOf(new Headers({ "x-request-id": "<script>" }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });
});
