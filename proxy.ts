import { NextResponse, type NextRequest } from "next/server";
import { authConfig, isPassiveRequest, isPublicPath, RETURN_PATH_HEADER, signedOutResponse } from "@/lib/accounts/auth-config";
import { dueForRenewal, readSessionCookie, renewedSessionCookie } from "@/lib/accounts/session-token";
import { maskTypedCardNumbers } from "@/lib/highhelp/redact";
import { contentSecurityPolicy, createNonce, securityOptions, strictTransportSecurity } from "@/lib/server/security-headers";

const options = securityOptions();
const hsts = strictTransportSecurity(options);

/**
 * Redirects anonymous visitors to /login early, answers an API request without a session 401 (authorization
 * itself happens in every page, server action and route handler), renews the session's idle limit on the
 * user's own requests, and gives every response a CSP with a fresh script nonce.
 */
export default async function proxy(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  const session = await readSessionCookie(request.cookies);
  if (!session && !isPublicPath(pathname)) {
    if (pathname.startsWith("/api/")) return signedOutResponse();
    const signIn = request.nextUrl.clone();
    signIn.pathname = authConfig.pages.signIn;
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", withoutCardNumbers(request.nextUrl).href);
    const redirect = NextResponse.redirect(signIn);
    if (hsts) redirect.headers.set("strict-transport-security", hsts);
    return redirect;
  }

  // Next.js takes the nonce from the request's CSP header and puts it on its scripts; pages must
  // render per request for that (they all read the session or the request).
  const csp = contentSecurityPolicy(createNonce(), options);
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const requestId = requestIdFor(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set(RETURN_PATH_HEADER, returnPath(request.nextUrl));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  if (session && dueForRenewal(session) && !isPassiveRequest(pathname, request.cookies))
    response.headers.append("set-cookie", await renewedSessionCookie(session));
  return response;
}

/**
 * The page to return to after signing in, its query values with card numbers masked: an old link or a bookmark with a
 * whole card number in its search box must not carry it on into the login page's URL (history, access logs). The list
 * pages search by the mask as they would by the number.
 */
function withoutCardNumbers(url: URL): URL {
  const given = [...url.searchParams];
  const entries = given.map(([key, value]): [string, string] => [key, maskTypedCardNumbers(value)]);
  if (entries.every(([, value], i) => value === given[i]![1])) return url;
  const masked = new URL(url);
  // Rebuilt whole, in order: each value of a repeated parameter is kept (setting one would drop the others).
  masked.search = new URLSearchParams(entries).toString();
  return masked;
}

/** The page asked for, as a path and query to return to: card numbers masked, without a client navigation's `_rsc`. */
function returnPath(url: URL): string {
  const masked = withoutCardNumbers(url);
  const query = new URLSearchParams(masked.search);
  query.delete("_rsc");
  const search = query.toString();
  return `${masked.pathname}${search ? `?${search}` : ""}`;
}

// The same header and rule as lib/server/log-context.ts (server-only, so not importable here): the pages,
// actions and routes behind the proxy log this id on every line.
const REQUEST_ID_HEADER = "x-request-id";
function requestIdFor(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && /^[A-Za-z0-9._:-]{8,64}$/.test(given) ? given : crypto.randomUUID();
}

export const config = {
  // HighHelp callbacks carry no session: keep the proxy off their hot path (next.config.mjs gives
  // them the static security headers). The bench's naive callback stays off it too, so that it
  // measures the same path through Next as the real one; it answers 404 outside the bench.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|api/highhelp/callback|api/bench/naive-callback).*)"],
};
