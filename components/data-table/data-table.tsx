"use client";

import { createColumnHelper, rowSortingFeature, tableFeatures, useTable, type SortingState } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useTransition, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { DateTime } from "@/components/date-time";
import type { DataTableColumn, DataTableRow, SortState } from "./types";

// Server-owned processing (manualSorting): the table models columns and sort state, the
// database has already ordered and paged the rows.
const features = tableFeatures({ rowSortingFeature });
const helper = createColumnHelper<typeof features, DataTableRow>();

/** A column's cell classes, each once (a 1 000-row report repeats them in every row). */
function cellClass(spec: DataTableColumn): string | undefined {
  const classes = new Set(`${spec.align === "end" ? "text-right tabular-nums" : ""} ${spec.className ?? ""}`.split(/\s+/));
  classes.delete("");
  return classes.size > 0 ? [...classes].join(" ") : undefined;
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

function SortIcon({ sorted }: { sorted: SortState }) {
  return (
    <span
      aria-hidden
      className={`ml-1 inline-block w-3 text-[10px] ${sorted ? "text-indigo-600" : "text-slate-300 group-hover:text-slate-400"}`}
    >
      {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
    </span>
  );
}

function renderCell(spec: DataTableColumn, value: ReactNode, href: string | undefined): ReactNode {
  if (spec.cell === "datetime" && typeof value === "string") return <DateTime at={value} unit="minute" />;
  if (spec.cell === "link" && href) {
    return (
      <Link href={href} prefetch={false} className="text-indigo-700 hover:text-indigo-500 hover:underline">
        {value}
      </Link>
    );
  }
  return value;
}

function isInteractive(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("a, button, input, select, textarea, label") !== null;
}

/**
 * A server-driven table: sticky header, sort links in the headers, rows that open `row.href` on
 * click or Enter. `empty` is shown in place of rows when there are none.
 */
export function DataTable({
  columns,
  rows,
  caption,
  empty,
  testId,
}: {
  columns: DataTableColumn[];
  rows: DataTableRow[];
  caption: string;
  empty: ReactNode;
  testId?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const specs = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const bodyColumns = useMemo(() => columns.map((spec) => ({ spec, className: cellClass(spec) })), [columns]);
  const tableColumns = useMemo(
    () =>
      helper.columns(
        columns.map((c) =>
          helper.accessor((row) => row.cells[c.id], {
            id: c.id,
            header: c.header,
            enableSorting: c.sort !== undefined,
          }),
        ),
      ),
    [columns],
  );
  const sorting = useMemo<SortingState>(
    () => columns.flatMap((c) => (c.sort?.sorted ? [{ id: c.id, desc: c.sort.sorted === "desc" }] : [])),
    [columns],
  );

  const table = useTable({
    features,
    columns: tableColumns,
    data: rows,
    getRowId: (row) => row.id,
    state: { sorting },
    manualSorting: true,
  });

  const open = (href: string | undefined) => {
    if (href) startTransition(() => router.push(href));
  };
  const onRowClick = (event: MouseEvent<HTMLTableRowElement>, href: string | undefined) => {
    if (isInteractive(event.target) || event.defaultPrevented) return;
    if (window.getSelection()?.toString()) return; // selecting text to copy is not a click
    open(href);
  };
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, href: string | undefined) => {
    if (event.key === "Enter" && event.target === event.currentTarget) open(href);
  };

  return (
    // A scrolling region: keyboard users reach it with Tab to scroll it with the arrow keys.
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={`relative max-h-[calc(100vh-23rem)] min-h-64 overflow-auto rounded-lg focus-visible:outline-2 focus-visible:outline-indigo-600 bg-white ring-1 ring-slate-200 transition-opacity ${pending ? "opacity-60" : ""}`}
      aria-busy={pending || undefined}
    >
      {/* Cell styles sit on the table once, not on every cell: a 100-row page stays light. */}
      <table
        className="min-w-full border-separate border-spacing-0 text-[13px] [&_td]:whitespace-nowrap [&_td]:border-b [&_td]:border-slate-100 [&_td]:px-3 [&_td]:py-2"
        data-testid={testId}
      >
        <caption className="sr-only">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const spec = specs.get(header.column.id);
                const sorted = header.column.getIsSorted();
                const alignEnd = spec?.align === "end";
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted ? ARIA_SORT[sorted] : undefined}
                    className={`sticky top-0 z-10 whitespace-nowrap border-b border-slate-200 bg-slate-50 px-3 py-2.5 text-[11px] font-semibold uppercase tracking-wide text-slate-500 ${alignEnd ? "text-right" : "text-left"}`}
                  >
                    {spec?.sort ? (
                      <Link
                        href={spec.sort.href}
                        scroll={false}
                        className={`group inline-flex items-center hover:text-slate-900 ${sorted ? "text-slate-900" : ""}`}
                      >
                        <table.FlexRender header={header} />
                        <SortIcon sorted={sorted} />
                      </Link>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="py-12! text-center text-sm text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => {
              const href = row.original.href;
              // Cells straight from the row's values: a cell object and two components per cell (FlexRender and the
              // column's cell function) were most of a 50-row page's table work, for markup that never changes.
              return (
                <tr
                  key={row.id}
                  tabIndex={href ? 0 : undefined}
                  onClick={href ? (e) => onRowClick(e, href) : undefined}
                  onKeyDown={href ? (e) => onRowKey(e, href) : undefined}
                  className={
                    href
                      ? "cursor-pointer hover:bg-indigo-50/60 focus-visible:bg-indigo-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600"
                      : undefined
                  }
                >
                  {bodyColumns.map(({ spec, className }) => (
                    <td key={spec.id} className={className}>
                      {renderCell(spec, row.original.cells[spec.id], href)}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
