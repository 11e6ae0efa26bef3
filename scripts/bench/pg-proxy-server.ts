import net from "node:net";
import { createRoundTripCounter } from "./pg-round-trips";

/**
 * A TCP proxy in front of PostgreSQL for `npm run bench:callbacks`, in its own process so that its
 * work neither slows the load generator nor counts as the server's CPU. Started with
 * PG_PROXY_TARGET=host:port and an IPC channel; `{ id, open: true }` opens a listener (one per
 * server under test) and answers `{ id, port }`; `{ id, count: port }` answers `{ id, roundTrips }`,
 * what has crossed that listener so far.
 */
type Message = { id: number; open: true } | { id: number; count: number };

const [host = "127.0.0.1", port = "5432"] = (process.env.PG_PROXY_TARGET ?? "").split(":");
const roundTrips = new Map<number, number>();

function open(): Promise<number> {
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port: Number(port), noDelay: true });
    client.setNoDelay(true);
    const counter = createRoundTripCounter();
    const listener = (server.address() as net.AddressInfo).port;
    client.on("data", (chunk: Buffer) => roundTrips.set(listener, roundTrips.get(listener)! + counter.feed(chunk)));
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const listener = (server.address() as net.AddressInfo).port;
      roundTrips.set(listener, 0);
      resolve(listener);
    }),
  );
}

process.on("message", (message: Message) => {
  if ("open" in message) void open().then((listener) => process.send!({ id: message.id, port: listener }));
  else process.send!({ id: message.id, roundTrips: roundTrips.get(message.count) ?? 0 });
});
process.on("disconnect", () => process.exit(0));
