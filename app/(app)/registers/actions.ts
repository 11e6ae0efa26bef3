"use server";

import { defineAction, type ActionContext, type ActionResult } from "@/lib/server/action";
import { message } from "@/lib/i18n/message";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { gatewayForProject } from "@/lib/server/gateway";
import { checkConnection, type ConnectionCheck } from "@/lib/registers/connection";
import { findRegister } from "@/lib/registers/queries";
import { addAlertKey, createRegister, deleteRegister, retireAlertKey, setRegisterStatus } from "@/lib/registers/commands";
import {
  addAlertKeySchema,
  createRegisterSchema,
  deleteRegisterSchema,
  retireAlertKeySchema,
  setRegisterStatusSchema,
  testRegisterSchema,
} from "@/lib/registers/schemas";

/*
 * Cash register administration (admins). The answers carry fingerprints only: a key goes in once,
 * sealed, and never comes back out.
 */

const actor = (ctx: ActionContext) => ({ userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent });

export const createRegisterAction = defineAction(
  { permission: "registers:manage", schema: createRegisterSchema, stepUp: true },
  async (input, ctx) => {
    const register = await createRegister(await getDb(), input, actor(ctx));
    return { ok: true, data: { registerId: register.id }, message: message("registers.done.added", { name: register.name }) };
  },
);

export const setRegisterStatusAction = defineAction(
  { permission: "registers:manage", schema: setRegisterStatusSchema, stepUp: true },
  async (input, ctx) => {
    const register = await setRegisterStatus(await getDb(), input, actor(ctx));
    return {
      ok: true,
      data: undefined,
      message: message(register.status === "disabled" ? "registers.done.disabled" : "registers.done.enabled", {
        name: register.name,
      }),
    };
  },
);

export const addAlertKeyAction = defineAction(
  { permission: "registers:manage", schema: addAlertKeySchema, stepUp: true },
  async (input, ctx) => {
    const register = await addAlertKey(await getDb(), input, actor(ctx));
    const added = register.alertKeys[0]!;
    return {
      ok: true,
      data: { fingerprint: added.fingerprint },
      message: message("registers.done.keyAdded", { fingerprint: added.fingerprint, hours: input.overlapHours }),
    };
  },
);

export const retireAlertKeyAction = defineAction(
  { permission: "registers:manage", schema: retireAlertKeySchema, stepUp: true },
  async (input, ctx) => {
    await retireAlertKey(await getDb(), input, actor(ctx));
    return { ok: true, data: undefined, message: "registers.done.keyRetired" };
  },
);

export const deleteRegisterAction = defineAction(
  { permission: "registers:manage", schema: deleteRegisterSchema, stepUp: true },
  async (input, ctx) => {
    await deleteRegister(await getDb(), input, actor(ctx));
    return { ok: true, data: undefined, message: "registers.done.deleted" };
  },
);

/** A signed balance/info with the register's own client; HighHelp's answer or the failure, in words. */
export const testRegisterConnectionAction = defineAction(
  { permission: "registers:manage", schema: testRegisterSchema },
  async (input): Promise<ActionResult<ConnectionCheck>> => {
    const register = await findRegister(await getDb(), input.registerId);
    if (!register) throw new AppError("not_found:register", "registers.errors.noRegister");
    const check = await checkConnection((await gatewayForProject(register.projectId)).client);
    return { ok: true, data: check };
  },
);
