/**
 * Keeps only the path and query of a post-login target. Auth.js may build `callbackUrl` with
 * another host (localhost vs 127.0.0.1) than the browser uses, and a full URL would be an open redirect.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target === "") return fallback;
  let url: URL;
  try {
    url = new URL(target, "http://internal.invalid");
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}`;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  if (path.startsWith("/login") || path.startsWith("/api/")) return fallback;
  return path;
}
