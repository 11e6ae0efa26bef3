"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { remaining } from "@/lib/applications/instructions";

/** Time left until `until`, ticking every second; "expired" once it has passed. */
export function Countdown({ until }: { until: string }) {
  const t = useTranslations("application.instructions");
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    // Rendered on the server without a clock: the first tick runs right after mount.
    const tick = () => setNow(new Date());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  if (now === null) return <span className="text-slate-500">…</span>;
  const left = remaining(new Date(until), now);
  return left === null ? (
    <span className="font-medium text-rose-700" data-testid="instructions-expired">
      {t("expired")}
    </span>
  ) : (
    <span className="font-medium tabular-nums text-slate-900" data-testid="instructions-countdown">
      {t("left", { left })}
    </span>
  );
}
