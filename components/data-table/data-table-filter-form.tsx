"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, useTransition, type FormEvent, type ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { controlAttributes, controlRing } from "@/components/ui/field-frame";
import { maskTypedCardNumbers } from "@/lib/highhelp/redact";
import { encodeSearch, withSearch } from "@/lib/url-state/url-state";
import type { FilterField, FilterOption, FilterValues } from "./types";

const INPUT_BASE = "block w-full rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 placeholder:text-slate-400";
const INPUT = `${INPUT_BASE} ${controlRing(undefined)}`;
const LABEL = "block text-xs font-medium text-slate-600";

function asList(value: FilterValues[string]): string[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Turns the form into search parameters in the lists' URL format (lib/url-state): repeated names
 * (checkboxes) become one comma-separated value, empty ones are left out. Paging cursors are not
 * fields, so filtering starts at page one.
 */
export function formToSearch(form: HTMLFormElement): URLSearchParams {
  const entries: [string, string][] = [];
  for (const [name, value] of new FormData(form)) if (typeof value === "string") entries.push([name, value.trim()]);
  return encodeSearch(entries);
}

function MultiSelect({ field, selected }: { field: Extract<FilterField, { kind: "multi" }>; selected: string[] }) {
  const t = useTranslations("dataTable");
  const groups = new Map<string, FilterOption[]>();
  for (const option of field.options) groups.set(option.group ?? "", [...(groups.get(option.group ?? "") ?? []), option]);
  return (
    <details className="group relative" data-testid={`filter-${field.name}`}>
      <summary
        className={`${INPUT} flex cursor-pointer list-none items-center justify-between gap-2 [&::-webkit-details-marker]:hidden`}
      >
        <span className="sr-only">{field.label}: </span>
        <span className="truncate">
          {selected.length === 0 ? (
            <span className="text-slate-500">{t("any")}</span>
          ) : (
            selected.map((v) => field.options.find((o) => o.value === v)?.label ?? v).join(", ")
          )}
        </span>
        <span aria-hidden className="text-slate-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <fieldset className="absolute left-0 z-20 mt-1 max-h-80 w-64 max-w-[calc(100vw-4rem)] overflow-auto rounded-md bg-white p-2 shadow-lg ring-1 ring-slate-200">
        <legend className="sr-only">{field.label}</legend>
        {[...groups].map(([group, options]) => (
          <div key={group} className="py-1">
            {group ? <p className="px-2 pb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{group}</p> : null}
            {options.map((option) => (
              <label
                key={option.value}
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-slate-50"
              >
                <input
                  type="checkbox"
                  name={field.name}
                  value={option.value}
                  defaultChecked={selected.includes(option.value)}
                  className="size-4 rounded border-slate-300 text-indigo-600"
                />
                {option.label}
              </label>
            ))}
          </div>
        ))}
      </fieldset>
    </details>
  );
}

/**
 * The first date field that comes before the one it may not precede, and the label of that one; null when none does.
 * `day`: a field's YYYY-MM-DD, from the form being sent or from the URL the page was opened with.
 */
function misorderedDate(fields: FilterField[], day: (name: string) => string): { name: string; start: string } | null {
  for (const field of fields) {
    if (field.kind !== "date" || !field.notBefore) continue;
    const start = fields.find((f) => f.name === field.notBefore);
    // YYYY-MM-DD: the text order is the calendar's.
    if (start && day(field.name) && day(start.name) && day(field.name) < day(start.name))
      return { name: field.name, start: start.label };
  }
  return null;
}

function formDay(form: HTMLFormElement): (name: string) => string {
  const data = new FormData(form);
  return (name) => String(data.get(name) ?? "").trim();
}

function Field({
  field,
  values,
  idPrefix,
  error,
}: {
  field: FilterField;
  values: FilterValues;
  idPrefix: string;
  error?: string;
}) {
  const t = useTranslations("dataTable");
  const id = `${idPrefix}-${field.name}`;
  const value = asList(values[field.name]);
  switch (field.kind) {
    case "search":
      return null; // rendered in the top row
    case "multi":
      return (
        <div className="space-y-1">
          <span className={LABEL} aria-hidden>
            {field.label}
          </span>
          <MultiSelect field={field} selected={value} />
        </div>
      );
    case "select": {
      const current = value[0] ?? "";
      const options =
        current && !field.options.some((o) => o.value === current)
          ? [...field.options, { value: current, label: current }]
          : field.options;
      return (
        <div className="space-y-1">
          <label htmlFor={id} className={LABEL}>
            {field.label}
          </label>
          <select id={id} name={field.name} defaultValue={current} className={INPUT}>
            <option value="">{field.anyLabel ?? t("any")}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      );
    }
    case "date":
      return (
        <div className="space-y-1">
          <label htmlFor={id} className={LABEL}>
            {field.label}
          </label>
          <input
            {...controlAttributes({ id, label: field.label, error })}
            type="date"
            name={field.name}
            defaultValue={value[0] ?? ""}
            className={`${INPUT_BASE} ${controlRing(error)}`}
          />
          {error ? (
            <p id={`${id}-error`} className="text-xs text-rose-600">
              {error}
            </p>
          ) : null}
        </div>
      );
    case "text":
      return (
        <div className="space-y-1">
          <label htmlFor={id} className={LABEL}>
            {field.label}
          </label>
          <input
            id={id}
            type="text"
            name={field.name}
            inputMode={field.inputMode}
            placeholder={field.placeholder}
            defaultValue={value[0] ?? ""}
            aria-describedby={field.hint ? `${id}-hint` : undefined}
            autoComplete="off"
            className={`${INPUT} tabular-nums`}
          />
          {field.hint ? (
            <p id={`${id}-hint`} className="sr-only">
              {field.hint}
            </p>
          ) : null}
        </div>
      );
  }
}

/**
 * The filter bar of a server-driven list. Submitting navigates to the same path with the new
 * search parameters (a plain GET form without JavaScript); `preserve` keeps view, order and page
 * size. Remounted with a new key by the caller whenever the URL changes, so fields show the URL.
 */
export function DataTableFilterForm({
  fields,
  values,
  preserve,
  resetHref,
  label,
  note,
}: {
  fields: FilterField[];
  values: FilterValues;
  preserve: Record<string, string>;
  resetHref: string;
  label?: string;
  /** A line under the fields, e.g. which zone the date filters' days are cut in. */
  note?: ReactNode;
}) {
  const t = useTranslations("dataTable");
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const idPrefix = `filter${useId()}`;
  const formRef = useRef<HTMLFormElement>(null);

  // The multi-select pop-overs are <details>: close them on a click elsewhere or Escape.
  useEffect(() => {
    const closeOthers = (keep: EventTarget | null) => {
      for (const details of formRef.current?.querySelectorAll("details[open]") ?? []) {
        if (!(keep instanceof Node && details.contains(keep))) details.removeAttribute("open");
      }
    };
    const onPointer = (event: PointerEvent) => closeOthers(event.target);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") closeOthers(null);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, []);
  const search = fields.find((f): f is Extract<FilterField, { kind: "search" }> => f.kind === "search");

  // A period that ends before it starts would only show an empty list: said next to its end, which takes the focus on
  // submit. A URL that asks for one (typed, or an old link) opens with the same message, so its empty list is explained.
  const [misordered, setMisordered] = useState(() => misorderedDate(fields, (name) => (asList(values[name])[0] ?? "").trim()));
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const wrong = misorderedDate(fields, formDay(event.currentTarget));
    setMisordered(wrong);
    if (wrong) {
      document.getElementById(`${idPrefix}-${wrong.name}`)?.focus();
      return;
    }
    const params = formToSearch(event.currentTarget);
    // A card number typed into a search box leaves the browser masked: never in a URL, a history or a server's log.
    if (search && params.has(search.name)) params.set(search.name, maskTypedCardNumbers(params.get(search.name)!));
    const href = withSearch(pathname, params);
    startTransition(() => router.push(href, { scroll: false }));
  };

  const actions = (
    <>
      <button type="submit" className={buttonClass("primary")} disabled={pending}>
        {pending ? t("applying") : t("apply")}
      </button>
      <Link href={resetHref} className={buttonClass("ghost")} scroll={false}>
        {t("reset")}
      </Link>
    </>
  );

  return (
    <form
      ref={formRef}
      method="get"
      role="search"
      aria-label={label ?? t("filters")}
      onSubmit={onSubmit}
      className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200"
    >
      {Object.entries(preserve).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {search ? (
        <div className="flex flex-wrap items-end gap-3">
          <div className="w-full space-y-1 sm:w-auto sm:min-w-64 sm:flex-1">
            <label htmlFor={`${idPrefix}-${search.name}`} className={LABEL}>
              {search.label}
            </label>
            <input
              id={`${idPrefix}-${search.name}`}
              type="search"
              name={search.name}
              defaultValue={asList(values[search.name])[0] ?? ""}
              placeholder={search.placeholder}
              autoComplete="off"
              spellCheck={false}
              maxLength={100}
              aria-keyshortcuts="/"
              data-list-search
              className={`${INPUT} font-mono`}
            />
          </div>
          {actions}
        </div>
      ) : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 md:grid-cols-4 xl:grid-cols-6">
        {fields.map((field) => (
          <Field
            key={field.name}
            field={field}
            values={values}
            idPrefix={idPrefix}
            error={misordered?.name === field.name ? t("dateOrder", { start: misordered.start }) : undefined}
          />
        ))}
      </div>
      {note ? (
        <p className="text-xs text-slate-600" data-testid="filter-note">
          {note}
        </p>
      ) : null}
      {/* Without a search box the buttons follow the fields (and their note), where one looks for them after choosing. */}
      {search ? null : <div className="flex flex-wrap items-end gap-3">{actions}</div>}
    </form>
  );
}
