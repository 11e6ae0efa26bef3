"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { DateTime } from "@/components/date-time";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";

/** How often the bell asks for news while the tab is visible. */
const POLL_MS = 15_000;

interface Item {
  id: number;
  kind: "approval_waiting" | "item_assigned" | "dispute_arrived";
  applicationId: number | null;
  paymentId: string | null;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

/**
 * The bell: unread count and a list of the latest notifications, kept live by polling /api/notifications every
 * 15 s while the tab is visible (a hidden tab stops polling and asks again as soon as it is shown).
 */
export function NotificationBell() {
  const t = useTranslations("notifications");
  const words = useTranslations();
  const [data, setData] = useState<{ unread: number; items: Item[] }>({ unread: 0, items: [] });
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const response = await fetch("/api/notifications", { cache: "no-store" });
      if (response.ok) setData(await response.json());
    } catch {
      // Offline or restarting: the next tick tries again.
    }
  }, []);

  useEffect(() => {
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
  }, [load]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    const onClick = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const markRead = async (id: number) => {
    await markNotificationReadAction({ id });
    await load();
  };
  const markAll = async () => {
    await markAllNotificationsReadAction({});
    await load();
  };
  const text = (item: Item) => {
    const values = {
      paymentId: item.paymentId ?? String(item.payload.paymentId ?? "—"),
      by: String(item.payload.by ?? "—"),
    };
    return words(`notifications.kind.${item.kind}`, values);
  };

  return (
    <div ref={root} className="relative px-3">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="inline-flex items-center gap-2 rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        data-testid="notification-bell"
      >
        <span aria-hidden>🔔</span>
        <span>{t("title")}</span>
        {data.unread > 0 ? (
          <span className="rounded-full bg-rose-700 px-1.5 text-xs font-semibold text-white" data-testid="notification-unread">
            {data.unread}
          </span>
        ) : null}
        <span className="sr-only">{t("unread", { count: data.unread })}</span>
      </button>
      {open ? (
        <div
          id={panelId}
          role="region"
          aria-label={t("title")}
          className="absolute left-3 z-20 mt-2 w-80 rounded-md bg-white p-3 shadow-lg ring-1 ring-slate-200"
          data-testid="notification-panel"
        >
          <div className="mb-2 flex items-center justify-between">
            <p className="text-sm font-semibold">{t("title")}</p>
            {data.unread > 0 ? (
              <button
                type="button"
                onClick={() => void markAll()}
                className="text-xs font-medium text-indigo-700 hover:underline"
              >
                {t("markAll")}
              </button>
            ) : null}
          </div>
          {data.items.length === 0 ? (
            <p className="text-sm text-slate-600">{t("empty")}</p>
          ) : (
            <ul className="max-h-96 space-y-2 overflow-y-auto">
              {data.items.map((item) => (
                <li
                  key={item.id}
                  className={`rounded-md p-2 text-sm ${item.readAt ? "text-slate-700" : "bg-indigo-50 text-slate-900"}`}
                  data-testid="notification-item"
                  data-kind={item.kind}
                >
                  {item.applicationId !== null ? (
                    <Link
                      href={item.kind === "approval_waiting" ? "/approvals" : `/applications/${item.applicationId}`}
                      onClick={() => {
                        setOpen(false);
                        if (!item.readAt) void markRead(item.id);
                      }}
                      className="font-medium text-indigo-800 hover:underline"
                    >
                      {text(item)}
                    </Link>
                  ) : (
                    <span>{text(item)}</span>
                  )}
                  <div className="mt-1 flex items-center justify-between text-xs text-slate-600">
                    <DateTime at={item.createdAt} unit="minute" />
                    {item.readAt ? null : (
                      <button
                        type="button"
                        onClick={() => void markRead(item.id)}
                        className="font-medium text-indigo-700 hover:underline"
                      >
                        {t("markRead")}
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
