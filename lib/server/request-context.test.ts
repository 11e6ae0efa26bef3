import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";
import { clientAddress, requestContext } from "./request-context";
import { NO_TRUSTED_PROXIES, normaliseAddress, parseTrustedProxies, type TrustedProxies } from "./trusted-proxies";

const trust = (text: string): TrustedProxies => {
  const parsed = parseTrustedProxies(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
};
const from = (forwardedFor: string, proxies: TrustedProxies, extra: Record<string, string> = {}) =>
  clientAddress(new Headers({ "x-forwarded-for": forwardedFor, ...extra }), proxies);

describe("clientAddress", () => {
  it("believes no forwarded header when no proxy is trusted (the default)", () => {
    expect(parseEnv({}).trustedProxies).toEqual(NO_TRUSTED_PROXIES);
    expect(from("203.0.113.9", NO_TRUSTED_PROXIES, { "x-real-ip": "203.0.113.10" })).toBeNull();
    expect(clientAddress(new Headers({ "x-real-ip": "203.0.113.10" }), trust("1"))).toBeNull();
    expect(requestContext(new Headers({ "user-agent": "curl/8" }), NO_TRUSTED_PROXIES)).toEqual({
      ip: null,
      userAgent: "curl/8",
    });
  });

  it("behind one appending proxy, takes the entry it wrote: a spoofed hop in front changes nothing", () => {
    const one = trust("1");
    expect(from("203.0.113.9", one)).toBe("203.0.113.9");
    expect(from("198.51.100.66, 203.0.113.9", one)).toBe("203.0.113.9");
    expect(from("1.1.1.1,2.2.2.2 , 203.0.113.9", one)).toBe("203.0.113.9");
    // Two X-Forwarded-For headers read as one list, in order.
    const headers = new Headers();
    headers.append("x-forwarded-for", "198.51.100.66");
    headers.append("x-forwarded-for", "203.0.113.9");
    expect(clientAddress(headers, one)).toBe("203.0.113.9");
  });

  it("counts hops from the right", () => {
    expect(from("198.51.100.66, 203.0.113.9, 192.0.2.1", trust("2"))).toBe("203.0.113.9");
    expect(from("203.0.113.9", trust("2"))).toBe("203.0.113.9");
  });

  it("skips trusted proxy addresses and ranges from the right, whatever the client put in front", () => {
    const proxies = trust("10.0.0.0/8, 192.0.2.7, loopback");
    expect(from("198.51.100.66, 203.0.113.9, 192.0.2.7, 10.1.2.3", proxies)).toBe("203.0.113.9");
    expect(from("203.0.113.9, 127.0.0.1", proxies)).toBe("203.0.113.9");
    expect(from("10.9.9.9, 10.1.2.3", proxies)).toBe("10.9.9.9"); // only proxies: the furthest one
    expect(from("not-an-address, 10.1.2.3", proxies)).toBeNull();
    expect(from("2001:db8::1, ::1", proxies)).toBe("2001:db8::1");
  });

  it("reads ports, brackets and IPv4-mapped IPv6, and refuses what is not an address", () => {
    expect(normaliseAddress("203.0.113.9:5123")).toBe("203.0.113.9");
    expect(normaliseAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("::FFFF:203.0.113.9")).toBe("203.0.113.9");
    expect(normaliseAddress("unknown")).toBeNull();
    expect(normaliseAddress("")).toBeNull();
    expect(from("_hidden", trust("1"))).toBeNull();
  });

  it("validates TRUSTED_PROXIES at start-up, naming it", () => {
    expect(parseTrustedProxies("0")).toEqual(NO_TRUSTED_PROXIES);
    expect(parseTrustedProxies("none")).toEqual(NO_TRUSTED_PROXIES);
    expect(parseTrustedProxies(" 2 ")).toEqual({ kind: "hops", hops: 2 });
    expect(parseTrustedProxies("private")).toMatchObject({ kind: "list", entries: ["private"] });
    for (const bad of ["11", "10.0.0.0/33", "proxy.example.com", "1.2.3.4/8/1", "::1/129", "-1"])
      expect(parseTrustedProxies(bad), bad).toHaveProperty("error");
    expect(() => parseEnv({ TRUSTED_PROXIES: "proxy.example.com" })).toThrow(ConfigError);
    expect(() => parseEnv({ TRUSTED_PROXIES: "proxy.example.com" })).toThrow(/TRUSTED_PROXIES/);
  });
});
