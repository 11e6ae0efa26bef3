/*
 * Requests the browser makes on its own, without the user: they must not renew the session, or an
 * unattended page would never reach its idle timeout. Shared by the proxy and the page's poller
 * (a client component), so no server-only import here.
 */

/** Set by the application page's live refresh for the page reload it makes on its own, for a few seconds. */
export const PASSIVE_REFRESH_COOKIE = "passive-refresh";

/**
 * The application page's version poll, the reload it triggers when the application changed, and the bell's poll
 * of /api/notifications (which also carries the navigation's queue counts).
 */
export function isPassiveRequest(pathname: string, cookies: { has(name: string): boolean }): boolean {
  return (
    /^\/api\/applications\/[^/]+\/version$/.test(pathname) ||
    pathname === "/api/notifications" ||
    cookies.has(PASSIVE_REFRESH_COOKIE)
  );
}
