import type { ReactNode } from "react";

/*
 * The data-table kit renders what the server decided: every prop is serialisable (links are
 * precomputed hrefs, cells are server-rendered nodes), so the URL stays the only list state and
 * the browser never sorts, filters or pages.
 */

export type SortState = false | "asc" | "desc";

export interface DataTableColumn {
  id: string;
  header: string;
  align?: "start" | "end";
  /** Extra classes for the column's cells (e.g. `font-mono`). */
  className?: string;
  /**
   * How the kit renders a cell's value: as given (default), as a link to the row's href, or as
   * an ISO timestamp shown in the reader's zone to the minute (the UTC instant in the tooltip).
   * Plain values keep the server-to-client payload small on long pages.
   */
  cell?: "value" | "link" | "datetime";
  /** Present on sortable columns: where a click on the header goes, and the current order. */
  sort?: { href: string; sorted: SortState };
}

export interface DataTableRow {
  id: string;
  /** Where a click (or Enter) on the row goes. */
  href?: string;
  /** Column id → rendered cell. */
  cells: Record<string, ReactNode>;
}

export interface FilterOption {
  value: string;
  label: string;
  /** For multi selects: a heading the option is listed under. */
  group?: string;
}

export type FilterField =
  | { kind: "search"; name: string; label: string; placeholder?: string }
  | { kind: "select"; name: string; label: string; options: FilterOption[]; anyLabel?: string }
  | { kind: "multi"; name: string; label: string; options: FilterOption[] }
  | {
      kind: "date";
      name: string;
      label: string;
      /** The name of the date field this one may not come before (a period's end names its start). */
      notBefore?: string;
    }
  | {
      kind: "text";
      name: string;
      label: string;
      placeholder?: string;
      hint?: string;
      inputMode?: "decimal" | "numeric" | "text";
    };

export type FilterValues = Record<string, string | string[] | null | undefined>;
