import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig, isPassiveRequest } from "@/lib/accounts/auth-config";
import { contentSecurityPolicy, createNonce, securityOptions, strictTransportSecurity } from "@/lib/server/security-headers";

const { auth } = NextAuth(authConfig);
const options = securityOptions();
const hsts = strictTransportSecurity(options);

/**
 * Redirects anonymous visitors to /login early (authorization itself happens in every page, server
 * action and route handler), and gives every response a CSP with a fresh script nonce.
 *
 * Auth.js answers itself when `authorized` returns a Response (the 401 of API routes); when a
 * handler is given it no longer redirects on `false`, so the redirect is done here, as Auth.js does.
 */
const withSession = auth(async (request) => {
  const allowed = await authConfig.callbacks.authorized({ auth: request.auth, request });
  if (allowed instanceof Response) return allowed;
  if (!allowed) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = authConfig.pages.signIn;
    signIn.searchParams.set("callbackUrl", request.nextUrl.href);
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
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
});

// The same header and rule as lib/server/log-context.ts (server-only, so not importable here): the pages,
// actions and routes behind the proxy log this id on every line.
const REQUEST_ID_HEADER = "x-request-id";
function requestIdFor(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && /^[A-Za-z0-9._:-]{8,64}$/.test(given) ? given : crypto.randomUUID();
}

/** Auth.js renews the session cookie on every request it reads it in; a passive request keeps the old one. */
function withoutSessionRenewal(response: Response): Response {
  const cookies = response.headers.getSetCookie();
  response.headers.delete("set-cookie");
  for (const cookie of cookies)
    if (!/^(?:__Secure-)?authjs\.session-token/.test(cookie)) response.headers.append("set-cookie", cookie);
  return response;
}

export default async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const response = (await withSession(request, event as never)) as Response;
  return isPassiveRequest(request.nextUrl.pathname, request.cookies) ? withoutSessionRenewal(response) : response;
}

export const config = {
  // HighHelp callbacks carry no session: keep the proxy off their hot path (next.config.mjs gives
  // them the static security headers). The bench's naive callback stays off it too, so that it
  // measures the same path through Next as the real one; it answers 404 outside the bench.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|api/highhelp/callback|api/bench/naive-callback).*)"],
};
