import { z } from "zod";
import { rowIdText } from "@/lib/url-state/values";

/** The navigation's badges stop here: more reads "99+". */
export const BADGE_CAP = 99;

/** The resolutions a person may choose (`auto` is the database's own). */
export const RESOLUTIONS = ["appeal_filed", "accepted_amount", "written_off", "resolved_at_gateway", "other"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/**
 * The queue's page size, as the lists' default; the tabs' counts give the whole. Each row carries its work panel's
 * forms: at 200 rows the page was 587 kB and took 70 ms to render. Work on several items at once takes one page.
 */
export const QUEUE_PAGE = 50;

export const NOTE_MAX = 2000;
export const TICKET_MAX = 100;

const itemId = rowIdText;

export const assignInput = z.object({
  itemId,
  /** Empty: unassign. */
  assigneeId: z.union([z.literal(""), rowIdText]).optional(),
});

export const noteInput = z.object({
  applicationId: rowIdText,
  body: z.string().trim().min(1, "queue.errors.noteEmpty").max(NOTE_MAX, "queue.errors.noteLong"),
});

const resolutionFields = {
  resolution: z.enum(RESOLUTIONS, { message: "queue.errors.resolution" }),
  ticketRef: z.string().trim().max(TICKET_MAX, "queue.errors.ticketLong").optional().default(""),
  note: z.string().trim().max(NOTE_MAX, "queue.errors.noteLong").optional().default(""),
};

/** What a resolution needs besides itself: an appeal its ticket, "other" a note saying what was done. */
function resolutionRules(value: { resolution?: Resolution; ticketRef: string; note: string }, ctx: z.RefinementCtx) {
  if (value.resolution === "appeal_filed" && value.ticketRef === "")
    ctx.addIssue({ code: "custom", path: ["ticketRef"], message: "queue.errors.ticketRequired" });
  if (value.resolution === "other" && value.note === "")
    ctx.addIssue({ code: "custom", path: ["note"], message: "queue.errors.noteRequired" });
}

export const resolveInput = z.object({ itemId, ...resolutionFields }).superRefine(resolutionRules);

/** A calendar day (YYYY-MM-DD): the item comes back at the start of that business day. */
const snoozeDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "queue.errors.snoozeDate");

export const snoozeInput = z.object({ itemId, until: snoozeDay });

export const BULK_ACTIONS = ["assign_to_me", "snooze", "resolve"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/**
 * The most items one action on a whole tab works on, the oldest first as the tab lists them (the tabs count up to the
 * same number): a larger tab is worked through in several rounds, each one transaction of bounded length.
 */
export const BULK_TAB_MAX = 1_000;

/** A whole queue tab: its reason (null: every reason) and whether only the reader's own items. */
const tabSelection = z.object({
  // Checked against the queue's reasons on the server (lib/work/commands.ts), whose list this client-safe module does not import.
  reason: z.string().max(40).nullable(),
  mine: z.boolean(),
});
export type TabSelection = z.infer<typeof tabSelection>;

/**
 * One action on several queue items, each as the item's own action would do it: the ones ticked on a page, or (with
 * `tab`) every item of a tab, up to BULK_TAB_MAX.
 */
export const bulkInput = z
  .object({
    itemIds: z
      .array(itemId, { message: "queue.errors.noneSelected" })
      .max(QUEUE_PAGE, "queue.errors.tooMany")
      .optional()
      .default([]),
    tab: tabSelection.optional(),
    do: z.enum(BULK_ACTIONS),
    until: z.string().optional().default(""),
    resolution: resolutionFields.resolution.optional(),
    ticketRef: resolutionFields.ticketRef,
    note: resolutionFields.note,
  })
  .superRefine((value, ctx) => {
    if (value.tab === undefined && value.itemIds.length === 0)
      ctx.addIssue({ code: "custom", path: ["itemIds"], message: "queue.errors.noneSelected" });
    if (value.do === "snooze" && !snoozeDay.safeParse(value.until).success)
      ctx.addIssue({ code: "custom", path: ["until"], message: "queue.errors.snoozeDate" });
    if (value.do !== "resolve") return;
    if (value.resolution === undefined)
      ctx.addIssue({ code: "custom", path: ["resolution"], message: "queue.errors.resolution" });
    resolutionRules(value, ctx);
  });
export type BulkInput = z.infer<typeof bulkInput>;
