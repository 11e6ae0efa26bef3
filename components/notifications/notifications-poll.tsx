"use client";

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

/** How often the page asks for news while the tab is visible. */
const POLL_MS = 15_000;

export interface NotificationItem {
  id: number;
  kind: "approval_waiting" | "item_assigned" | "dispute_arrived";
  applicationId: number | null;
  paymentId: string | null;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

/** The navigation's counts per queue; a queue the user may not act on is absent. */
export type QueueBadges = Partial<Record<"queue" | "approvals", number>>;

interface Polled {
  unread: number;
  items: NotificationItem[];
  badges: QueueBadges;
}

const Context = createContext<{ data: Polled; reload: () => Promise<void> } | null>(null);

/**
 * The one poll of /api/notifications every 15 s while the tab is visible (a hidden tab stops polling and asks again
 * as soon as it is shown; a 401, the session having ended, stops it for good). The bell reads the notifications
 * from it, the navigation its queue counts. `badges` are the counts the server rendered the page with; a newer
 * render replaces what the poll last said.
 */
export function NotificationsPoll({ badges, children }: { badges: QueueBadges; children: ReactNode }) {
  const [data, setData] = useState<Polled>({ unread: 0, items: [], badges });
  const renderedKey = JSON.stringify(badges);
  const [rendered, setRendered] = useState(renderedKey);
  if (rendered !== renderedKey) {
    setRendered(renderedKey);
    setData((current) => ({ ...current, badges }));
  }

  const [ended, setEnded] = useState(false);
  const load = useCallback(async () => {
    try {
      const response = await fetch("/api/notifications", { cache: "no-store" });
      if (response.status === 401) setEnded(true);
      else if (response.ok) setData(await response.json());
    } catch {
      // Offline or restarting: the next tick tries again.
    }
  }, []);

  useEffect(() => {
    if (ended) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      if (timer !== undefined || document.visibilityState !== "visible") return;
      void load();
      timer = setInterval(() => void load(), POLL_MS);
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => (document.visibilityState === "visible" ? start() : stop());
    start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [load, ended]);

  return <Context.Provider value={{ data, reload: load }}>{children}</Context.Provider>;
}

export function useNotifications(): { data: Polled; reload: () => Promise<void> } {
  const value = useContext(Context);
  if (!value) throw new Error("useNotifications: outside NotificationsPoll");
  return value;
}

/** A queue's live count, or undefined outside the poll or for a queue the user may not act on. */
export function useQueueBadge(queue: keyof QueueBadges | undefined): number | undefined {
  const value = useContext(Context);
  return queue ? value?.data.badges[queue] : undefined;
}
