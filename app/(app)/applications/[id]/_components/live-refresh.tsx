"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { PASSIVE_REFRESH_COOKIE } from "@/lib/accounts/passive-requests";

const markPassive = (on: boolean) => {
  document.cookie = `${PASSIVE_REFRESH_COOKIE}=${on ? "1" : ""}; path=/; max-age=${on ? 10 : 0}; samesite=strict`;
};

/**
 * Keeps the page current without a manual reload: polls a cheap version fingerprint and
 * re-renders the server component only when a callback, a poll or an action changed something.
 * Neither the poll nor that re-render counts as activity: the reload is marked passive with a
 * short-lived cookie, so an unattended page still reaches the session's idle timeout. When the
 * session has ended the poll answers 401: polling stops and the login page takes over.
 */
export function LiveRefresh({
  applicationId,
  version,
  intervalMs = 2000,
}: {
  applicationId: number;
  version: string;
  intervalMs?: number;
}) {
  const router = useRouter();
  const known = useRef(version);
  useEffect(() => {
    known.current = version;
    // The re-render it asked for has arrived: requests from here on are the user's again.
    markPassive(false);
  }, [version]);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (stopped || document.visibilityState !== "visible") return;
      try {
        const response = await fetch(`/api/applications/${applicationId}/version`, { cache: "no-store" });
        if (response.status === 401) {
          stopped = true;
          clearInterval(timer);
          router.replace(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
          return;
        }
        if (!response.ok) return;
        const { version: latest } = (await response.json()) as { version: string };
        if (latest !== known.current) {
          known.current = latest;
          markPassive(true);
          router.refresh();
        }
      } catch {
        // offline for a moment: the next tick tries again
      }
    }, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      markPassive(false);
    };
  }, [applicationId, intervalMs, router]);
  return null;
}
