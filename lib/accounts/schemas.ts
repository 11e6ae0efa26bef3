import "server-only";
import { z } from "zod";
import { ROLES } from "@/drizzle/schema";
import { passwordProblem } from "./password";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254));

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name.").max(120),
  role: z.enum(ROLES),
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});
export type NewUserInput = z.input<typeof newUserSchema>;

export const loginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254),
  password: z.string().min(1, "Enter your password.").max(256),
});

const userId = z.coerce.number().int().positive();

/** An admin creates an account; the password is a one-time one the app makes. */
export const createUserFormSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  role: z.enum(ROLES, "Choose a role."),
});

export const changeRoleSchema = z.object({ userId, role: z.enum(ROLES, "Choose a role.") });

export const setDisabledSchema = z.object({ userId, disabled: z.enum(["true", "false"]).transform((v) => v === "true") });

export const resetPasswordSchema = z.object({ userId });

/** A user changes their own password; the policy itself is checked by the command (it needs the email). */
export const passwordChangeSchema = z
  .object({
    current: z.string().min(1, "Enter your current password.").max(256),
    password: z.string().max(256, "Use at most 256 characters."),
    confirm: z.string(),
  })
  .refine((form) => form.password === form.confirm, { path: ["confirm"], message: "The two new passwords differ." });
