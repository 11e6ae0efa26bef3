"use server";

import { defineAction, type ActionContext } from "@/lib/server/action";
import { message as messageOf } from "@/lib/i18n/message";
import { getDb } from "@/lib/server/db";
import {
  changeRole,
  confirmAdmin,
  createUserWithOneTimePassword,
  resetPassword,
  resetSecondFactor,
  setDisabled,
  setRegisterScope,
} from "@/lib/accounts/commands";
import {
  changeRoleSchema,
  confirmAdminSchema,
  createUserFormSchema,
  factorRolesSchema,
  resetPasswordSchema,
  resetSecondFactorSchema,
  setDisabledSchema,
  setRegisterScopeSchema,
} from "@/lib/accounts/schemas";
import { setFactorRoles } from "@/lib/accounts/second-factor";

const actor = (ctx: ActionContext) => ({ userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent });

/** Creates an account; the one-time password is shown once to the admin, who hands it over. */
export const createUserAction = defineAction(
  { permission: "users:manage", schema: createUserFormSchema, stepUp: true },
  async (input, ctx) => {
    const { user, password } = await createUserWithOneTimePassword(await getDb(), input, actor(ctx));
    const message = user.activationPending
      ? messageOf("accounts.done.createdPending", { email: user.email })
      : messageOf("accounts.done.created", { email: user.email });
    return { ok: true, data: { email: user.email, password }, message };
  },
);

export const changeRoleAction = defineAction(
  { permission: "users:manage", schema: changeRoleSchema, stepUp: true },
  async (input, ctx) => {
    await changeRole(await getDb(), input.userId, input.role, actor(ctx));
    const message =
      input.role === "admin" ? "accounts.done.adminAsked" : messageOf("accounts.done.roleChanged", { role: input.role });
    return { ok: true, data: undefined, message };
  },
);

/** A second admin confirms admin rights another admin asked for (the server refuses the one who asked). */
export const confirmAdminAction = defineAction(
  { permission: "users:confirm-admin", schema: confirmAdminSchema, stepUp: true },
  async (input, ctx) => {
    const user = await confirmAdmin(await getDb(), input.userId, actor(ctx));
    return { ok: true, data: undefined, message: messageOf("accounts.done.adminConfirmed", { email: user.email }) };
  },
);

/** Which cash registers a user sees and acts on (every one, or a chosen set); admins always have every one. */
export const setRegisterScopeAction = defineAction(
  { permission: "users:manage", schema: setRegisterScopeSchema, stepUp: true },
  async (input, ctx) => {
    await setRegisterScope(await getDb(), input.userId, input, actor(ctx));
    return { ok: true, data: undefined, message: "accounts.done.scopeSaved" };
  },
);

export const setDisabledAction = defineAction(
  { permission: "users:manage", schema: setDisabledSchema, stepUp: true },
  async (input, ctx) => {
    await setDisabled(await getDb(), input.userId, input.disabled, actor(ctx));
    return { ok: true, data: undefined, message: input.disabled ? "accounts.done.disabled" : "accounts.done.enabled" };
  },
);

export const resetPasswordAction = defineAction(
  { permission: "users:manage", schema: resetPasswordSchema, stepUp: true },
  async (input, ctx) => {
    const password = await resetPassword(await getDb(), input.userId, actor(ctx));
    return { ok: true, data: { password }, message: "accounts.done.passwordReset" };
  },
);

/** Removes a user's second factor (a lost phone); they enrol again at their next sign-in. Never one's own. */
export const resetSecondFactorAction = defineAction(
  { permission: "users:manage", schema: resetSecondFactorSchema, stepUp: true },
  async (input, ctx) => {
    await resetSecondFactor(await getDb(), input.userId, actor(ctx));
    return { ok: true, data: undefined, message: "secondFactor.reset" };
  },
);

/** Which roles must use a second factor (organisation setting, audited). */
export const setFactorRolesAction = defineAction(
  { permission: "settings:security", schema: factorRolesSchema, stepUp: true },
  async (input, ctx) => {
    await setFactorRoles(await getDb(), input.roles, actor(ctx));
    return { ok: true, data: undefined, message: "secondFactor.rolesSaved" };
  },
);
