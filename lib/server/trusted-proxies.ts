import "server-only";
import net from "node:net";

/*
 * Which X-Forwarded-For entries the app may believe (TRUSTED_PROXIES). Next.js gives route
 * handlers and server actions no socket address: it only writes the peer's address into
 * X-Forwarded-For when the request arrives without one, and keeps a header the client sent as it
 * is. So the header is all there is, and only the part written by our own proxies can be believed:
 *
 *  - `0` (the default): no proxy is trusted; forwarded headers are ignored and the address is unknown.
 *  - a hop count `N`: N proxies in front, each appending the address it saw; the client is the N-th
 *    entry from the right.
 *  - a list of proxy addresses / CIDRs (and the names `loopback`, `private`): entries from the right
 *    that are our proxies are skipped; the first one that is not is the client.
 *
 * Either form assumes the app is reachable only through those proxies: a client that reaches
 * the app directly writes the whole header itself.
 */

export type TrustedProxies = { kind: "hops"; hops: number } | { kind: "list"; entries: readonly string[]; list: net.BlockList };

const NAMED: Record<string, readonly string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

export const NO_TRUSTED_PROXIES: TrustedProxies = { kind: "hops", hops: 0 };

/** Parses TRUSTED_PROXIES; the error message says what is wrong (env.ts names the variable). */
export function parseTrustedProxies(text: string | undefined): TrustedProxies | { error: string } {
  const value = (text ?? "").trim().toLowerCase();
  if (value === "" || value === "none") return NO_TRUSTED_PROXIES;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 10 ? { kind: "hops", hops } : { error: "a hop count must be 0 to 10" };
  }
  const list = new net.BlockList();
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    for (const item of NAMED[entry] ?? [entry]) {
      const [address = "", prefix, ...rest] = item.split("/");
      const ip = normaliseAddress(address);
      const family = ip === null ? 0 : net.isIP(ip);
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (ip === null || rest.length > 0 || !(bits >= 0 && bits <= (family === 4 ? 32 : 128))) {
        return { error: `"${entry}" is not an address, a CIDR range, loopback or private (or use a hop count)` };
      }
      list.addSubnet(ip, bits, family === 4 ? "ipv4" : "ipv6");
    }
  }
  return entries.length > 0 ? { kind: "list", entries, list } : NO_TRUSTED_PROXIES;
}

/**
 * One X-Forwarded-For entry as a plain address, or null when it is not one: ports and IPv6
 * brackets are dropped, IPv4-mapped IPv6 becomes IPv4.
 */
export function normaliseAddress(entry: string): string | null {
  let text = entry.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (mapped) text = mapped[1]!;
  return net.isIP(text) === 0 ? null : text;
}

/** The client's address from X-Forwarded-For under `trust`, or null when it cannot be known. */
export function forwardedClient(forwardedFor: string | null, trust: TrustedProxies): string | null {
  if (trust.kind === "hops" && trust.hops === 0) return null;
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  if (trust.kind === "hops") {
    // Fewer entries than proxies: the leftmost is still one a proxy of ours wrote.
    return normaliseAddress(hops[Math.max(0, hops.length - trust.hops)]!);
  }
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = normaliseAddress(hops[i]!);
    // Past an entry that is not an address nothing is reliable any more.
    if (address === null) return null;
    if (i === 0 || !trust.list.check(address, net.isIP(address) === 4 ? "ipv4" : "ipv6")) return address;
  }
  return null;
}
