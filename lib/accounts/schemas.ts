import "server-only";
import { z } from "zod";
import { rowIdText } from "@/lib/url-state/values";
import { REGISTER_SCOPES, ROLES } from "@/drizzle/schema";
import { isTimeZone } from "@/lib/dates/zoned";
import { LOCALES } from "@/lib/i18n/locales";
import { passwordProblem } from "./password";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("accounts.errors.email").max(254));

/** Register ids from a form: "3,7" (the checkboxes joined by the form) or an array. */
const registerIdsSchema = z
  .union([z.string(), z.array(z.union([z.string(), z.number()])).readonly()])
  .optional()
  .transform((value) =>
    (typeof value === "string" ? value.split(",") : (value ?? [])).map(String).filter((part) => part.trim() !== ""),
  )
  .pipe(z.array(z.coerce.number<string>("accounts.errors.registersFromList").int().positive()).max(1_000));

const registerScopeFields = {
  registerScope: z.enum(REGISTER_SCOPES).default("all"),
  registerIds: registerIdsSchema,
};

const CHOOSE_REGISTER = "accounts.errors.chooseRegister";

/** `some` needs at least one register (an admin's choice is ignored: admins have every register). */
function requireRegisters(form: { role?: string; registerScope: string; registerIds: number[] }, ctx: z.RefinementCtx): void {
  if (form.role !== "admin" && form.registerScope === "some" && form.registerIds.length === 0)
    ctx.addIssue({ code: "custom", path: ["registerIds"], message: CHOOSE_REGISTER });
}

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "accounts.errors.name").max(120),
  role: z.enum(ROLES),
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  ...registerScopeFields,
});
export type NewUserInput = z.input<typeof newUserSchema>;

export const loginSchema = z.object({
  email: z.string().trim().min(1, "accounts.errors.enterEmail").max(254),
  password: z.string().min(1, "accounts.errors.enterPassword").max(256),
});

const userId = rowIdText;

/** An admin creates an account; the password is a one-time one the app makes. */
export const createUserFormSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, "accounts.errors.name").max(120, "accounts.errors.max120"),
    role: z.enum(ROLES, "accounts.errors.role"),
    ...registerScopeFields,
  })
  .superRefine(requireRegisters);

/** An admin changes which cash registers a (non-admin) user sees and acts on. */
export const setRegisterScopeSchema = z.object({ userId, ...registerScopeFields }).superRefine(requireRegisters);

export const changeRoleSchema = z.object({ userId, role: z.enum(ROLES, "accounts.errors.role") });

export const setDisabledSchema = z.object({ userId, disabled: z.enum(["true", "false"]).transform((v) => v === "true") });

export const resetPasswordSchema = z.object({ userId });

export const confirmAdminSchema = z.object({ userId });

/** A user changes their own password; the policy itself is checked by the command (it needs the email). */
export const passwordChangeSchema = z
  .object({
    current: z.string().min(1, "accounts.errors.enterCurrent").max(256),
    password: z.string().max(256, "accounts.errors.max256"),
    confirm: z.string(),
  })
  .refine((form) => form.password === form.confirm, { path: ["confirm"], message: "accounts.errors.passwordsDiffer" });

/** The profile's language and zone; "" keeps the automatic choice. */
export const preferencesSchema = z.object({
  locale: z.union([z.literal(""), z.enum(LOCALES)], "preferences.errors.locale").transform((v) => v || null),
  timeZone: z
    .string("preferences.errors.timeZone")
    .max(64, "preferences.errors.timeZone")
    .refine((v) => v === "" || isTimeZone(v), "preferences.errors.timeZone")
    .transform((v) => v || null),
});

/** A code from the authenticator app (six digits) or a recovery code (xxxxx-xxxxx). */
export const secondFactorCodeSchema = z.object({
  code: z
    .string("secondFactor.errors.enterCode")
    .trim()
    .min(1, "secondFactor.errors.enterCode")
    .max(32, "secondFactor.errors.wrongCode"),
  /** "step-up": the dialog before an action that asks for a fresh code, which takes a code from the app only. */
  purpose: z.enum(["sign-in", "step-up"]).default("sign-in"),
});

export const resetSecondFactorSchema = z.object({ userId });

/** Which roles must use a second factor: the checked boxes, joined by the form ("admin,operator"), or an array. */
export const factorRolesSchema = z.object({
  roles: z
    .union([z.string(), z.array(z.string()).readonly()])
    .optional()
    .transform((value) => (typeof value === "string" ? value.split(",") : (value ?? [])).filter((part) => part.trim() !== ""))
    .pipe(z.array(z.enum(ROLES, "secondFactor.errors.roles")).max(ROLES.length)),
});
