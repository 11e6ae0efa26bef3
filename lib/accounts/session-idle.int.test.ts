import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import proxy from "@/proxy";
import { getAuthSecret } from "@/lib/server/auth-secret";
import { SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS } from "./auth-config";
import { RENEW_AFTER_SECONDS } from "./session-token";
import { PASSIVE_REFRESH_COOKIE } from "./passive-requests";

/*
 * The idle timeout against the application page's polling, through the real proxy: a
 * request the user makes renews the session cookie, the page's version poll and the reload it
 * triggers do not, so an unattended page's session still ends; after that the poll answers 401.
 */

const COOKIE = "authjs.session-token"; // over http; __Secure- over https

async function sessionToken(idleLeftSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return encode({
    secret: getAuthSecret(),
    salt: COOKIE,
    // The token's expiry is the idle limit: Auth.js writes it as now + maxAge at every renewal.
    maxAge: idleLeftSeconds,
    token: { uid: 1, role: "viewer", sv: 1, sid: "idle-test", loginAt: now - 60, sub: "1" },
  });
}

async function call(path: string, token: string, extraCookies = "", headers: Record<string, string> = {}) {
  const request = new NextRequest(`http://127.0.0.1:3000${path}`, {
    // What Next.js's server adds to every request before the proxy sees it.
    headers: { host: "127.0.0.1:3000", "x-forwarded-proto": "http", cookie: `${COOKIE}=${token}${extraCookies}`, ...headers },
  });
  return proxy(request);
}

const renewsSession = (response: Response) => response.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=`));

describe("session idle timeout and the application page's polling", () => {
  it("a page the user opens renews the session", async () => {
    const response = await call("/payins", await sessionToken(60));
    expect(response.status).toBe(200);
    expect(renewsSession(response)).toBe(true);
    const renewed = response.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))!;
    const expires = Date.parse(/Expires=([^;]+)/i.exec(renewed)![1]!);
    expect(expires - Date.now()).toBeGreaterThan((SESSION_IDLE_SECONDS - 60) * 1000);
  });

  it("the version poll does not renew it", async () => {
    const response = await call("/api/applications/1/version", await sessionToken(60));
    expect(response.status).toBe(200); // passed on to the route handler, which checks the session itself
    expect(renewsSession(response)).toBe(false);
  });

  it("nor does the bell's poll of notifications and queue counts, which runs on every page", async () => {
    const response = await call("/api/notifications", await sessionToken(60));
    expect(response.status).toBe(200);
    expect(renewsSession(response)).toBe(false);
    // Only the poll: a page under the same prefix is the user's own request.
    expect(renewsSession(await call("/api/notifications/other", await sessionToken(60)))).toBe(true);
  });

  it("nor does the page reload the poll triggers (marked passive)", async () => {
    const response = await call("/applications/1", await sessionToken(60), `; ${PASSIVE_REFRESH_COOKIE}=1`, { rsc: "1" });
    expect(renewsSession(response)).toBe(false);
  });

  it("once the idle time has run out the poll answers 401, which stops the poller", async () => {
    const expired = await sessionToken(-60);
    const poll = await call("/api/applications/1/version", expired);
    expect(poll.status).toBe(401);
    expect(await poll.json()).toEqual({ error: "unauthenticated:session", message: "Your session has ended. Sign in again." });
    // And the page itself sends the browser to the login page.
    const page = await call("/applications/1", expired);
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/login\?callbackUrl=/);
  });

  it("signed out, a link with a whole card number in its search sends the browser to sign in with the number masked", async () => {
    const page = await call("/payins?q=4400%204300%200007%204242&status=success&status=decline&q=SEED", await sessionToken(-60));
    expect(page.status).toBe(307);
    const callbackUrl = new URL(page.headers.get("location")!).searchParams.get("callbackUrl")!;
    expect(new URL(callbackUrl).searchParams.get("q")).toBe("440043******4242");
    // Each value of a repeated parameter is kept, masked or not.
    expect(new URL(callbackUrl).searchParams.getAll("q")).toEqual(["440043******4242", "SEED"]);
    expect(new URL(callbackUrl).searchParams.get("status")).toBe("success");
    expect(new URL(callbackUrl).searchParams.getAll("status")).toEqual(["success", "decline"]);
    expect(page.headers.get("location")).not.toMatch(/0007/);
  });

  it("tells the page which page was asked for, for the code entry to return to: no card number, no _rsc, not the caller's word", async () => {
    const response = await call(
      "/payins?q=4400%204300%200007%204242&_rsc=1x2y&status=success",
      await sessionToken(SESSION_IDLE_SECONDS),
      "",
      { "x-return-path": "/users" },
    );
    expect(response.headers.get("x-middleware-request-x-return-path")).toBe("/payins?q=440043******4242&status=success");
  });

  it("a token written less than a minute ago is not written again", async () => {
    expect(renewsSession(await call("/payins", await sessionToken(SESSION_IDLE_SECONDS - 5)))).toBe(false);
    expect(renewsSession(await call("/payins", await sessionToken(SESSION_IDLE_SECONDS - RENEW_AFTER_SECONDS - 5)))).toBe(true);
  });

  it("a token sealed with another secret, or past the absolute lifetime, is no session", async () => {
    const now = Math.floor(Date.now() / 1000);
    const foreign = await encode({
      secret: "another-secret-of-thirty-two-bytes!!",
      salt: COOKIE,
      maxAge: 600,
      token: { uid: 1, role: "admin", sv: 1, sid: "foreign", loginAt: now, sub: "1" },
    });
    expect((await call("/payins", foreign)).status).toBe(307);
    const old = await encode({
      secret: getAuthSecret(),
      salt: COOKIE,
      maxAge: 600,
      token: { uid: 1, role: "viewer", sv: 1, sid: "old", loginAt: now - SESSION_MAX_SECONDS - 1, sub: "1" },
    });
    expect((await call("/payins", old)).status).toBe(307);
    // The same bytes under the other cookie name are not the same seal.
    const secureName = "__Secure-authjs.session-token";
    const request = new NextRequest("http://127.0.0.1:3000/payins", {
      headers: { host: "127.0.0.1:3000", cookie: `${secureName}=${await sessionToken(600)}` },
    });
    expect((await proxy(request)).status).toBe(307);
  });

  it("over https the __Secure- cookie is read and renewed under its own name", async () => {
    const secureName = "__Secure-authjs.session-token";
    const now = Math.floor(Date.now() / 1000);
    const token = await encode({
      secret: getAuthSecret(),
      salt: secureName,
      maxAge: 60,
      token: { uid: 1, role: "viewer", sv: 1, sid: "secure", loginAt: now, sub: "1" },
    });
    const request = new NextRequest("https://app.example/payins", {
      headers: { host: "app.example", "x-forwarded-proto": "https", cookie: `${secureName}=${token}` },
    });
    const response = await proxy(request);
    expect(response.status).toBe(200);
    const renewed = response.headers.getSetCookie().find((c) => c.startsWith(`${secureName}=`));
    expect(renewed).toMatch(/; Path=\/; Expires=.+; HttpOnly; SameSite=Lax; Secure$/);
  });
});
