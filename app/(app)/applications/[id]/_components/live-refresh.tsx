"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * Keeps the page current without a manual reload: polls a cheap version fingerprint and
 * re-renders the server component only when a callback, a poll or an action changed something.
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
  }, [version]);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (stopped || document.visibilityState !== "visible") return;
      try {
        const response = await fetch(`/api/applications/${applicationId}/version`, { cache: "no-store" });
        if (!response.ok) return;
        const { version: latest } = (await response.json()) as { version: string };
        if (latest !== known.current) {
          known.current = latest;
          router.refresh();
        }
      } catch {
        // offline for a moment: the next tick tries again
      }
    }, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [applicationId, intervalMs, router]);
  return null;
}
