import "server-only";
/** Who is calling, as far as the request's headers say: for audit entries and sign-in throttling. */
export type RequestContext = { ip: string | null; userAgent: string | null };

/** The client's address: the first X-Forwarded-For hop, else X-Real-IP. */
export function clientAddress(headers: Headers): string | null {
  // Trusts the proxy in front of the app to have set the first hop; a client could forge it otherwise.
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || null;
}

export function requestContext(headers: Headers): RequestContext {
  return { ip: clientAddress(headers), userAgent: headers.get("user-agent") };
}
