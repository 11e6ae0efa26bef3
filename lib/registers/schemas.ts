import { z } from "zod";
import { rowIdText } from "@/lib/url-state/values";
import { message } from "@/lib/i18n/message";
import type { RegisterAlgorithm, RegisterStatus } from "@/drizzle/schema";
import { parseSignatureProfile } from "@/lib/highhelp/signature-profile";

/*
 * The inputs of the register commands (lib/registers/commands.ts), shared by their server actions
 * and a future form. Whether a key is a usable key of its algorithm is the command's check
 * (lib/registers/key-material.ts, node:crypto).
 */

export const REGISTER_ALGORITHM_VALUES = ["rsa", "hmac"] as const satisfies readonly RegisterAlgorithm[];
export const REGISTER_STATUS_VALUES = ["active", "disabled"] as const satisfies readonly RegisterStatus[];

const id = rowIdText;

/** A list from an array, or from text separated by commas or spaces (a form field). */
function listField(item: z.ZodString, what: "currencies" | "methods") {
  return z
    .preprocess(
      (value) => (typeof value === "string" ? value.split(/[\s,]+/).filter((part) => part !== "") : (value ?? [])),
      z.array(item).max(50, message("registers.errors.tooMany", { what, max: 50 })),
    )
    .transform((list) => [...new Set(list)]);
}

const keyText = (what: "request" | "alert") => {
  const paste = message("registers.errors.pasteKey", { what });
  return z.string(paste).trim().min(1, paste).max(20_000, "registers.errors.keyTooLong");
};

const algorithm = z.enum(REGISTER_ALGORITHM_VALUES, "registers.errors.algorithm");

export const createRegisterSchema = z.object({
  name: z.string("accounts.errors.name").trim().min(1, "accounts.errors.name").max(120, "accounts.errors.max120"),
  projectId: z
    .string("registers.errors.projectId")
    .trim()
    .min(1, "registers.errors.projectId")
    .max(64, "registers.errors.max64")
    .regex(/^[A-Za-z0-9-]+$/, "registers.errors.projectIdFormat"),
  apiUrl: z
    .string("registers.errors.apiUrl")
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: "registers.errors.apiUrlFormat" }).max(2048)),
  requestAlgorithm: algorithm,
  requestKey: keyText("request"),
  alertAlgorithm: algorithm,
  alertKey: keyText("alert"),
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
  currencies: listField(z.string().regex(/^[A-Z]{3}$/, "registers.errors.currencyFormat"), "currencies"),
  methods: listField(z.string().regex(/^[a-z0-9-]{1,64}$/, "registers.errors.methodFormat"), "methods"),
});
export type CreateRegisterInput = z.input<typeof createRegisterSchema>;

export const setRegisterStatusSchema = z.object({
  registerId: id,
  status: z.enum(REGISTER_STATUS_VALUES, "registers.errors.status"),
});

export const addAlertKeySchema = z.object({
  registerId: id,
  algorithm,
  key: keyText("alert"),
  /** How long the keys verifying today keep verifying next to the new one (HighHelp switches within it). */
  overlapHours: z.coerce
    .number("registers.errors.overlap")
    .int("registers.errors.wholeHours")
    .min(0, "registers.errors.negative")
    .max(720, "registers.errors.max720")
    .default(24),
});

export const retireAlertKeySchema = z.object({ registerId: id, alertKeyId: id });

export const deleteRegisterSchema = z.object({ registerId: id });

export const testRegisterSchema = z.object({ registerId: id });
