import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import type { CurrentUser } from "@/lib/accounts/auth";
import { authorize } from "@/lib/accounts/authorize";
import type { Permission } from "@/lib/accounts/permissions";
import { AppError } from "./errors";
import { logger } from "./logger";

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

export type ActionContext = { user: CurrentUser; ip: string | null; userAgent: string | null };

/**
 * Every server action goes through this: session, permission, zod parse of the input, then the
 * operation. Failures come back as a result (never a thrown 500 for a user's mistake).
 */
export function defineAction<S extends z.ZodType, T>(
  options: { permission: Permission; schema: S },
  operation: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T>>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    const user = await authorize(options.permission);
    if (user instanceof AppError) {
      if (user.kind === "forbidden") logger.warn("action refused", { permission: options.permission, code: user.code });
      return { ok: false, message: user.message };
    }
    const parsed = options.schema.safeParse(input instanceof FormData ? Object.fromEntries(input) : input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
      return { ok: false, message: "Some fields need attention.", fieldErrors };
    }
    const h = await headers();
    const ctx: ActionContext = {
      user,
      ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
      userAgent: h.get("user-agent"),
    };
    try {
      return await operation(parsed.data, ctx);
    } catch (error) {
      if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
      logger.error("action failed", { permission: options.permission, error });
      return { ok: false, message: "Something went wrong on our side; it has been logged. Try again, or ask an admin." };
    }
  };
}
