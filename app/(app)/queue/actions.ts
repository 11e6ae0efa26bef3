"use server";

import { defineAction, type ActionContext } from "@/lib/server/action";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { getDb } from "@/lib/server/db";
import { message } from "@/lib/i18n/message";
import { addNote, assignItem, resolveItem, snoozeItem, workOnItems } from "@/lib/work/commands";
import { assignInput, bulkInput, noteInput, resolveInput, snoozeInput } from "@/lib/work/schemas";

function actorOf(ctx: ActionContext) {
  return { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent };
}

/** Assigns a queue item to a colleague, to oneself, or to nobody (an empty assignee). */
export const assignItemAction = defineAction({ permission: "queue:work", schema: assignInput }, async (input, ctx) => {
  const assigneeId = input.assigneeId === undefined || input.assigneeId === "" ? null : input.assigneeId;
  await assignItem(await getDb(), input.itemId, assigneeId, actorOf(ctx), allowedProjects(ctx.user));
  return { ok: true, data: undefined, message: assigneeId === null ? "queue.done.unassigned" : "queue.done.assigned" };
});

export const addNoteAction = defineAction({ permission: "queue:work", schema: noteInput }, async (input, ctx) => {
  await addNote(await getDb(), input.applicationId, input.body, actorOf(ctx), allowedProjects(ctx.user));
  return { ok: true, data: undefined, message: "queue.done.noted" };
});

export const resolveItemAction = defineAction({ permission: "queue:work", schema: resolveInput }, async (input, ctx) => {
  await resolveItem(await getDb(), input, actorOf(ctx), allowedProjects(ctx.user));
  return { ok: true, data: undefined, message: "queue.done.resolved" };
});

export const snoozeItemAction = defineAction({ permission: "queue:work", schema: snoozeInput }, async (input, ctx) => {
  await snoozeItem(await getDb(), input.itemId, input.until, actorOf(ctx), allowedProjects(ctx.user));
  return { ok: true, data: undefined, message: "queue.done.snoozed" };
});

/**
 * One action on the items ticked on a queue page, or on a whole tab; says how many it did, how many had already left
 * the queue, and whether the tab holds more.
 */
export const workOnItemsAction = defineAction({ permission: "queue:work", schema: bulkInput }, async (input, ctx) => {
  const { done, gone, more } = await workOnItems(await getDb(), input, actorOf(ctx), allowedProjects(ctx.user));
  const key = more ? "queue.done.bulkMore" : gone > 0 ? "queue.done.bulkSomeGone" : `queue.done.bulk.${input.do}`;
  return { ok: true, data: { done, gone, more }, message: message(key, { count: done, gone }) };
});
