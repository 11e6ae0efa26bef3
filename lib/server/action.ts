import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import type { CurrentUser } from "@/lib/accounts/auth";
import { authorize } from "@/lib/accounts/authorize";
import { stepUpProblem } from "@/lib/accounts/second-factor";
import type { Permission } from "@/lib/accounts/permissions";
import { choosePreferences } from "@/lib/i18n/preferences";
import { translateText } from "@/lib/i18n/translate";
import { AppError, type AppErrorCode } from "./errors";
import { logger } from "./logger";
import { requestIdOf, withLogContext } from "./log-context";
import { requestContext } from "./request-context";

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: AppErrorCode; message: string; fieldErrors?: Record<string, string[]> };

/** `locale`: the reader's language, for the rare answer an action must put into words itself. */
export type ActionContext = { user: CurrentUser; locale: string; ip: string | null; userAgent: string | null };

/** The failure result of an AppError: its code, its message and its field errors. */
export function actionFailure(error: AppError): ActionResult<never> {
  return {
    ok: false,
    code: error.code,
    message: error.message,
    ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
  };
}

/**
 * Every server action goes through this: session, permission, a fresh second factor when it asks for
 * step-up, zod parse of the input, then the operation. Failures come back as a result (never a thrown 500 for a user's mistake): an AppError
 * thrown by the operation keeps its code and message; anything else is logged and answered
 * `internal:action`.
 */
export function defineAction<S extends z.ZodType, T>(
  /** `stepUp`: the session's second factor must have been proved within STEP_UP_SECONDS (forbidden:step_up otherwise). */
  options: { permission: Permission; schema: S; stepUp?: boolean },
  operation: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T>>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    const requestHeaders = await headers();
    return withLogContext({ requestId: requestIdOf(requestHeaders) }, () => run(input, requestHeaders));
  };

  async function run(input: unknown, requestHeaders: Headers): Promise<ActionResult<T>> {
    const user = await authorize(options.permission);
    if (user instanceof AppError) {
      if (user.kind === "forbidden") logger.warn("action refused", { permission: options.permission, code: user.code });
      return localised(actionFailure(user), choosePreferences(null, requestHeaders.get("accept-language")).locale);
    }
    const { locale } = choosePreferences(user, requestHeaders.get("accept-language"));
    const stale = options.stepUp ? stepUpProblem(user.secondFactor) : null;
    if (stale) {
      logger.info("action asks for a fresh second factor", { permission: options.permission });
      return localised(actionFailure(stale), locale);
    }
    const parsed = options.schema.safeParse(input instanceof FormData ? Object.fromEntries(input) : input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
      return localised(actionFailure(new AppError("bad_request:validation", "errors.validation", fieldErrors)), locale);
    }
    const ctx: ActionContext = { user, locale, ...requestContext(requestHeaders) };
    try {
      return localised(await operation(parsed.data, ctx), locale);
    } catch (error) {
      if (error instanceof AppError) return localised(actionFailure(error), locale);
      logger.error("action failed", { permission: options.permission, error });
      return localised(actionFailure(new AppError("internal:action", "errors.internal")), locale);
    }
  }
}

/** Messages written as keys of lib/i18n/messages in the reader's language; other text as it is. */
function localised<T>(result: ActionResult<T>, locale: string): ActionResult<T> {
  const message = result.message === undefined ? undefined : translateText(locale, result.message);
  if (result.ok) return message === undefined ? result : { ...result, message };
  const fieldErrors = result.fieldErrors
    ? Object.fromEntries(
        Object.entries(result.fieldErrors).map(([name, list]) => [name, list.map((m) => translateText(locale, m))]),
      )
    : undefined;
  return { ...result, message: message ?? result.message, ...(fieldErrors ? { fieldErrors } : {}) };
}
