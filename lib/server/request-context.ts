import "server-only";
import { env } from "./env";
import { forwardedClient, type TrustedProxies } from "./trusted-proxies";

/** Who is calling, as far as the request's headers say: for audit entries and sign-in throttling. */
export type RequestContext = { ip: string | null; userAgent: string | null };

/**
 * The client's address: the X-Forwarded-For entry the trusted proxies vouch for (TRUSTED_PROXIES,
 * lib/server/trusted-proxies.ts), or null when no proxy is trusted or the header says nothing
 * believable. The one place any code reads a client address.
 */
export function clientAddress(headers: Headers, trust: TrustedProxies = env.trustedProxies): string | null {
  return forwardedClient(headers.get("x-forwarded-for"), trust);
}

export function requestContext(headers: Headers, trust: TrustedProxies = env.trustedProxies): RequestContext {
  return { ip: clientAddress(headers, trust), userAgent: headers.get("user-agent") };
}
