import { z } from "zod";
import type { RegisterAlgorithm, RegisterStatus } from "@/drizzle/schema";
import { parseSignatureProfile } from "@/lib/highhelp/signature-profile";

/*
 * The inputs of the register commands (lib/registers/commands.ts), shared by their server actions
 * and a future form. Whether a key is a usable key of its algorithm is the command's check
 * (lib/registers/key-material.ts, node:crypto).
 */

export const REGISTER_ALGORITHM_VALUES = ["rsa", "hmac"] as const satisfies readonly RegisterAlgorithm[];
export const REGISTER_STATUS_VALUES = ["active", "disabled"] as const satisfies readonly RegisterStatus[];

const id = z.coerce.number().int().positive();

/** A list from an array, or from text separated by commas or spaces (a form field). */
function listField(item: z.ZodString, what: string) {
  return z
    .preprocess(
      (value) => (typeof value === "string" ? value.split(/[\s,]+/).filter((part) => part !== "") : (value ?? [])),
      z.array(item).max(50, `Use at most 50 ${what}.`),
    )
    .transform((list) => [...new Set(list)]);
}

const keyText = (what: string) =>
  z.string(`Paste the ${what}.`).trim().min(1, `Paste the ${what}.`).max(20_000, "This is too long for a key.");

const algorithm = z.enum(REGISTER_ALGORITHM_VALUES, "Choose rsa or hmac.");

export const createRegisterSchema = z.object({
  name: z.string("Enter a name.").trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  projectId: z
    .string("Enter the cash register's project_id.")
    .trim()
    .min(1, "Enter the cash register's project_id.")
    .max(64, "Use at most 64 characters.")
    .regex(/^[A-Za-z0-9-]+$/, "Use the project_id from HighHelp's cabinet (letters, digits, dashes)."),
  apiUrl: z
    .string("Enter HighHelp's API URL.")
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: "Enter HighHelp's API URL (https://…)." }).max(2048)),
  requestAlgorithm: algorithm,
  requestKey: keyText("request key"),
  alertAlgorithm: algorithm,
  alertKey: keyText("alert key"),
  /** Empty: the installation's HIGHHELP_SIGNATURE_PROFILE. */
  signatureProfile: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => (v === undefined || v === null || v === "" ? null : v))
    .superRefine((v, ctx) => {
      if (v === null) return;
      const parsed = parseSignatureProfile(v);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
    }),
  currencies: listField(z.string().regex(/^[A-Z]{3}$/, "Currencies are three capital letters (KZT)."), "currencies"),
  methods: listField(z.string().regex(/^[a-z0-9-]{1,64}$/, "Methods are codes like card-p2p."), "methods"),
});
export type CreateRegisterInput = z.input<typeof createRegisterSchema>;

export const setRegisterStatusSchema = z.object({
  registerId: id,
  status: z.enum(REGISTER_STATUS_VALUES, "Choose active or disabled."),
});

export const addAlertKeySchema = z.object({
  registerId: id,
  algorithm,
  key: keyText("alert key"),
  /** How long the keys verifying today keep verifying next to the new one (HighHelp switches within it). */
  overlapHours: z.coerce
    .number("Enter the overlap in hours.")
    .int("Enter whole hours.")
    .min(0, "The overlap cannot be negative.")
    .max(720, "Use at most 720 hours (30 days).")
    .default(24),
});

export const retireAlertKeySchema = z.object({ registerId: id, alertKeyId: id });

export const deleteRegisterSchema = z.object({ registerId: id });

export const testRegisterSchema = z.object({ registerId: id });
