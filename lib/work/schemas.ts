import { z } from "zod";

/** The navigation's badges stop here: more reads "99+". */
export const BADGE_CAP = 99;

/** The resolutions a person may choose (`auto` is the database's own). */
export const RESOLUTIONS = ["appeal_filed", "accepted_amount", "written_off", "resolved_at_gateway", "other"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const NOTE_MAX = 2000;
export const TICKET_MAX = 100;

const itemId = z.coerce.number().int().positive();

export const assignInput = z.object({
  itemId,
  /** Empty: unassign. */
  assigneeId: z.union([z.literal(""), z.coerce.number().int().positive()]).optional(),
});

export const noteInput = z.object({
  applicationId: z.coerce.number().int().positive(),
  body: z.string().trim().min(1, "queue.errors.noteEmpty").max(NOTE_MAX, "queue.errors.noteLong"),
});

export const resolveInput = z
  .object({
    itemId,
    resolution: z.enum(RESOLUTIONS, { message: "queue.errors.resolution" }),
    ticketRef: z.string().trim().max(TICKET_MAX, "queue.errors.ticketLong").optional().default(""),
    note: z.string().trim().max(NOTE_MAX, "queue.errors.noteLong").optional().default(""),
  })
  .superRefine((value, ctx) => {
    if (value.resolution === "appeal_filed" && value.ticketRef === "")
      ctx.addIssue({ code: "custom", path: ["ticketRef"], message: "queue.errors.ticketRequired" });
    if (value.resolution === "other" && value.note === "")
      ctx.addIssue({ code: "custom", path: ["note"], message: "queue.errors.noteRequired" });
  });

export const snoozeInput = z.object({
  itemId,
  /** A calendar day (YYYY-MM-DD): the item comes back at the start of that business day. */
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "queue.errors.snoozeDate"),
});
