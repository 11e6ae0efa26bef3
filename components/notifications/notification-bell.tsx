"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { DateTime } from "@/components/date-time";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";
import { useNotifications, type NotificationItem as Item } from "./notifications-poll";

/**
 * The bell: unread count and a list of the latest notifications, kept live by the page's one poll
 * (./notifications-poll.tsx). On a phone it sits in the top bar with its word left to screen readers.
 */
export function NotificationBell() {
  const t = useTranslations("notifications");
  const words = useTranslations();
  const { data, reload: load } = useNotifications();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

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
    <div ref={root} className="md:relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm md:px-2 md:py-1 font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        data-testid="notification-bell"
      >
        <svg aria-hidden viewBox="0 0 16 16" className="size-4 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M4 11V7a4 4 0 0 1 8 0v4l1.5 1.5h-11L4 11z" strokeLinejoin="round" />
          <path d="M6.5 14a1.5 1.5 0 0 0 3 0" strokeLinecap="round" />
        </svg>
        <span className="sr-only md:not-sr-only">{t("title")}</span>
        {data.unread > 0 ? (
          <span
            aria-hidden
            className="rounded-full bg-rose-700 px-1.5 text-xs font-semibold text-white"
            data-testid="notification-unread"
          >
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
          className="fixed inset-x-4 top-14 z-50 mt-2 rounded-md md:absolute md:inset-x-auto md:top-auto md:left-0 md:w-80 bg-white p-3 shadow-lg ring-1 ring-slate-200"
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
