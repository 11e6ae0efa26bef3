"use server";

import { defineAction, type ActionContext, type ActionResult } from "@/lib/server/action";
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
    return { ok: true, data: { registerId: register.id }, message: `Cash register "${register.name}" added.` };
  },
);

export const setRegisterStatusAction = defineAction(
  { permission: "registers:manage", schema: setRegisterStatusSchema, stepUp: true },
  async (input, ctx) => {
    const register = await setRegisterStatus(await getDb(), input, actor(ctx));
    return {
      ok: true,
      data: undefined,
      message:
        register.status === "disabled" ? `"${register.name}" disabled: no new applications.` : `"${register.name}" enabled.`,
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
      message: `Alert key ${added.fingerprint} added; the previous keys verify for ${input.overlapHours} more hours.`,
    };
  },
);

export const retireAlertKeyAction = defineAction(
  { permission: "registers:manage", schema: retireAlertKeySchema, stepUp: true },
  async (input, ctx) => {
    await retireAlertKey(await getDb(), input, actor(ctx));
    return { ok: true, data: undefined, message: "Alert key retired: alerts signed with it are refused from now on." };
  },
);

export const deleteRegisterAction = defineAction(
  { permission: "registers:manage", schema: deleteRegisterSchema, stepUp: true },
  async (input, ctx) => {
    await deleteRegister(await getDb(), input, actor(ctx));
    return { ok: true, data: undefined, message: "Cash register deleted." };
  },
);

/** A signed balance/info with the register's own client; HighHelp's answer or the failure, in words. */
export const testRegisterConnectionAction = defineAction(
  { permission: "registers:manage", schema: testRegisterSchema },
  async (input): Promise<ActionResult<ConnectionCheck>> => {
    const register = await findRegister(await getDb(), input.registerId);
    if (!register) throw new AppError("not_found:register", "This cash register does not exist.");
    const check = await checkConnection((await gatewayForProject(register.projectId)).client);
    return { ok: true, data: check };
  },
);
