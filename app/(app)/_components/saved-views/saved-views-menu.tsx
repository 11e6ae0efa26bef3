"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { buttonClass } from "@/components/ui/button";
import { useServerAction } from "@/components/use-server-action";
import type { ApplicationType } from "@/lib/highhelp/status";
import { deleteViewAction, saveViewAction, setDefaultViewAction } from "./actions";

export interface SavedViewItem {
  id: number;
  name: string;
  href: string;
  shared: boolean;
  mine: boolean;
  ownerEmail: string;
  isDefault: boolean;
}

const SMALL = "rounded px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50";

/**
 * The list toolbar's saved views: pick one (a link to its URL), save the current state under a name (personal,
 * or shared with the team when allowed), delete one's own, choose the default the list opens with.
 */
export function SavedViewsMenu({
  listType,
  views,
  query,
  canShare,
  current,
}: {
  listType: ApplicationType;
  views: SavedViewItem[];
  /** The current list state as a URL query. */
  query: string;
  canShare: boolean;
  /** The name of the view the list was opened with, if any. */
  current: string | null;
}) {
  const t = useTranslations("savedViews");
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const done = (result: { message?: string }) => {
    if (result.message) toast.success(result.message);
    router.refresh();
  };
  const mine = views.filter((v) => v.mine);
  const others = views.filter((v) => !v.mine);
  const defaultView = views.find((v) => v.isDefault);

  const item = (view: SavedViewItem) => (
    <li key={view.id} className="flex flex-wrap items-center gap-2 py-1" data-testid="saved-view" data-view-name={view.name}>
      <Link href={view.href} className="font-medium text-indigo-700 hover:text-indigo-600">
        {view.name}
      </Link>
      {view.isDefault ? <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-700">{t("default")}</span> : null}
      {view.mine ? null : <span className="text-xs text-slate-600">{t("by", { email: view.ownerEmail })}</span>}
      <span className="ml-auto flex gap-1">
        {view.isDefault ? null : (
          <button
            type="button"
            className={SMALL}
            disabled={pending}
            aria-label={t("makeDefaultLabel", { name: view.name })}
            onClick={() => run(setDefaultViewAction, { listType, viewId: view.id }, done)}
          >
            {t("makeDefault")}
          </button>
        )}
        {view.mine ? (
          <button
            type="button"
            className={SMALL}
            disabled={pending}
            aria-label={t("deleteLabel", { name: view.name })}
            onClick={() => run(deleteViewAction, { id: view.id }, done)}
          >
            {t("delete")}
          </button>
        ) : null}
      </span>
    </li>
  );

  return (
    <details className="relative" data-testid="saved-views">
      <summary className={`${buttonClass("secondary")} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
        {current ? t("current", { name: current }) : t("menu")} <span aria-hidden>▾</span>
      </summary>
      <div
        role="group"
        aria-label={t("label")}
        className="absolute right-0 z-20 mt-1 w-96 space-y-3 rounded-md bg-white p-3 text-sm shadow-lg ring-1 ring-slate-200"
      >
        {views.length === 0 ? <p className="text-slate-600">{t("none")}</p> : null}
        {mine.length > 0 ? (
          <section>
            <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("mine")}</h2>
            <ul className="divide-y divide-slate-100">{mine.map(item)}</ul>
          </section>
        ) : null}
        {others.length > 0 ? (
          <section>
            <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("shared")}</h2>
            <ul className="divide-y divide-slate-100">{others.map(item)}</ul>
          </section>
        ) : null}
        {defaultView ? (
          <button
            type="button"
            className={SMALL}
            disabled={pending}
            onClick={() => run(setDefaultViewAction, { listType, viewId: "" }, done)}
          >
            {t("clearDefault")}
          </button>
        ) : null}
        <form
          className="space-y-2 border-t border-slate-200 pt-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            run(saveViewAction, { listType, name, query, shared }, (result) => {
              setName("");
              done(result);
            });
          }}
        >
          <label htmlFor="saved-view-name" className="block text-sm font-medium text-slate-800">
            {t("name")}
          </label>
          <input
            id="saved-view-name"
            name="name"
            value={name}
            maxLength={80}
            onChange={(event) => setName(event.target.value)}
            placeholder={t("namePlaceholder")}
            aria-invalid={error("name") ? true : undefined}
            aria-describedby={error("name") ? "saved-view-name-error" : undefined}
            className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500"
          />
          {error("name") ? (
            <p id="saved-view-name-error" className="text-xs text-rose-700">
              {error("name")}
            </p>
          ) : null}
          {canShare ? (
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
              {t("share")}
            </label>
          ) : null}
          <button type="submit" className={buttonClass("primary")} disabled={pending}>
            {t("save")}
          </button>
        </form>
      </div>
    </details>
  );
}
