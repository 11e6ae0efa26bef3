import "server-only";
import { decode, encode, type JWT } from "next-auth/jwt";
import { cookies } from "next/headers";
import { getAuthSecret } from "@/lib/server/auth-secret";
import { pastAbsoluteLifetime, SESSION_IDLE_SECONDS } from "./auth-config";

/*
 * The session cookie Auth.js writes at sign-in, read and renewed without Auth.js's request machinery: the
 * proxy and every page read it, and Auth.js's own path decrypts, runs its callbacks and re-encrypts the token
 * on each read (twice a request: about 3 ms of a list page). The format is Auth.js's (next-auth/jwt, salted
 * with the cookie's name), so sign-in and sign-out stay Auth.js's.
 */

/** Auth.js's names: the __Secure- one when the app is reached over https. */
const SECURE_NAME = "__Secure-authjs.session-token";
const PLAIN_NAME = "authjs.session-token";

/**
 * A token is renewed at most this often. The idle timeout then counts from a renewal at most this long before
 * the user's last request, not from the request itself.
 */
export const RENEW_AFTER_SECONDS = 60;

/** What a page needs of the token: the role and the rest are read from the database (currentUser). */
export type SessionClaims = { userId: number; sessionVersion: number; sessionId: string };

type CookieReader = { get(name: string): { value: string } | undefined; getAll(): Array<{ name: string; value: string }> };

export type SessionCookie = { name: string; token: JWT; claims: SessionClaims };

/**
 * Decrypted tokens by their cookie (name and value): the proxy and the page of one request read the same cookie, and so does
 * every request of a browser until the next renewal. The token is sealed, so equal bytes are the same token; its
 * expiry is still checked at every read.
 */
const decoded = new Map<string, JWT>();
const DECODED_MAX = 2000;

async function decodeOnce(value: string, name: string): Promise<JWT | null> {
  const key = `${name}=${value}`;
  const known = decoded.get(key);
  if (known) return (known.exp ?? 0) > Date.now() / 1000 ? known : null;
  let token: JWT | null;
  try {
    token = await decode({ token: value, secret: getAuthSecret(), salt: name });
  } catch {
    return null; // another secret, tampered, or expired (the token's exp is the idle limit)
  }
  if (!token) return null;
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, token);
  return token;
}

/** Auth.js splits a token longer than a cookie can hold into `name.0`, `name.1`, …; one piece is the common case. */
function cookieValue(cookies: CookieReader, name: string): string | undefined {
  const whole = cookies.get(name)?.value;
  if (whole) return whole;
  const pieces = cookies
    .getAll()
    .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return pieces.length > 0 ? pieces.map((c) => c.value).join("") : undefined;
}

/**
 * The signed-in session the cookie holds, or null: none, not ours, expired by idleness or past the absolute lifetime.
 * Auth.js picks the name by the scheme it sees; either is read here, as the token is sealed with its own name.
 */
export async function readSessionCookie(cookies: CookieReader): Promise<SessionCookie | null> {
  const name = cookieValue(cookies, SECURE_NAME) ? SECURE_NAME : PLAIN_NAME;
  const value = cookieValue(cookies, name);
  if (!value) return null;
  const token = await decodeOnce(value, name);
  if (!token || typeof token.uid !== "number" || typeof token.sid !== "string") return null;
  if (pastAbsoluteLifetime(token.loginAt)) return null;
  const claims = { userId: token.uid, sessionVersion: token.sv ?? 0, sessionId: token.sid };
  return { name, token, claims };
}

/** The session of the request being handled (a page, a server action or a route handler), or null. */
export async function requestSession(): Promise<SessionCookie | null> {
  return readSessionCookie(await cookies());
}

/** Whether the token was written long enough ago to be renewed (the proxy renews on the user's own requests only). */
export function dueForRenewal(session: SessionCookie, now = Date.now()): boolean {
  return (session.token.exp ?? 0) - now / 1000 <= SESSION_IDLE_SECONDS - RENEW_AFTER_SECONDS;
}

/** The Set-Cookie of the renewed token: the idle limit starts again, the same attributes as Auth.js's. */
export async function renewedSessionCookie(session: SessionCookie): Promise<string> {
  const { iat: _iat, exp: _exp, jti: _jti, ...token } = session.token;
  const value = await encode({ token, secret: getAuthSecret(), salt: session.name, maxAge: SESSION_IDLE_SECONDS });
  const expires = new Date(Date.now() + SESSION_IDLE_SECONDS * 1000).toUTCString();
  const secure = session.name === SECURE_NAME ? "; Secure" : "";
  return `${session.name}=${value}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax${secure}`;
}
