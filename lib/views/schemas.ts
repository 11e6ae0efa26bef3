import { z } from "zod";
import { rowIdText } from "@/lib/url-state/values";
import { APPLICATION_TYPES } from "@/lib/highhelp/status";

/* The inputs of the saved-view commands (lib/views/commands.ts), as their server actions receive them. */

export const VIEW_NAME_MAX = 80;
export const VIEW_QUERY_MAX = 2000;

const id = rowIdText;
const listType = z.enum(APPLICATION_TYPES);

export const saveViewSchema = z.object({
  listType,
  name: z
    .string("savedViews.errors.nameRequired")
    .trim()
    .min(1, "savedViews.errors.nameRequired")
    .max(VIEW_NAME_MAX, "savedViews.errors.nameTooLong"),
  /** The list's URL query as the browser shows it; normalised by the command. */
  query: z.string().max(VIEW_QUERY_MAX, "savedViews.errors.queryTooLong"),
  /** A checkbox: "on" when ticked. */
  shared: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()),
});
export type SaveViewInput = z.output<typeof saveViewSchema>;

export const deleteViewSchema = z.object({ id });

/** `viewId` empty or absent: no default view for this list. */
export const setDefaultViewSchema = z.object({
  listType,
  viewId: z.preprocess((value) => (value === "" || value === null ? undefined : value), id.optional()),
});
