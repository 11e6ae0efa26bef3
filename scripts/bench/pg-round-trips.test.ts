import { describe, expect, it } from "vitest";
import { createRoundTripCounter } from "./pg-round-trips";

const untyped = (code: number, body = Buffer.alloc(0)) => {
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(code, 4);
  return Buffer.concat([head, body]);
};
const message = (type: string, body: Buffer | string = Buffer.alloc(0)) => {
  const bytes = typeof body === "string" ? Buffer.from(`${body}\0`) : body;
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(4 + bytes.length, 1);
  return Buffer.concat([head, bytes]);
};

// A session: startup, one simple query, one extended-protocol query (parse/bind/describe/execute/sync).
const startup = untyped(196608, Buffer.from("user\0postgres\0database\0bench\0\0"));
const session = Buffer.concat([
  startup,
  message("Q", "begin"),
  message("P", "\0insert into t values ($1) -- S Q inside the text\0\0\0"),
  message("B", Buffer.from("\0\0\0\0\0\0\0\0\0\0")),
  message("D", "P"),
  message("E", Buffer.from("\0\0\0\0\0")),
  message("S"),
  message("Q", "commit"),
  message("X"),
]);

describe("createRoundTripCounter", () => {
  it("counts Sync and Query messages, not the letters inside other messages", () => {
    expect(createRoundTripCounter().feed(session)).toBe(3);
  });

  it("gives the same count however the stream is cut", () => {
    for (const size of [1, 2, 3, 5, 7, 13]) {
      const counter = createRoundTripCounter();
      let total = 0;
      for (let i = 0; i < session.length; i += size) total += counter.feed(session.subarray(i, i + size));
      expect({ size, total }).toEqual({ size, total: 3 });
    }
  });

  it("reads the startup message after an SSL request the server declined", () => {
    const stream = Buffer.concat([untyped(80877103), startup, message("Q", "select 1")]);
    expect(createRoundTripCounter().feed(stream)).toBe(1);
  });
});
