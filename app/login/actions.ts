"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { signIn } from "@/lib/accounts/auth";
import { loginSchema } from "@/lib/accounts/schemas";
import { safeRedirectPath } from "@/lib/accounts/safe-redirect";
import { choosePreferences } from "@/lib/i18n/preferences";
import { translateText } from "@/lib/i18n/translate";

export type LoginState = { error?: string; fieldErrors?: { email?: string; password?: string }; email?: string };

export async function login(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "");
  const parsed = loginSchema.safeParse({ email, password: formData.get("password") ?? "" });
  // Nobody is signed in yet: the browser's language, else the organisation's.
  const { locale } = choosePreferences(null, (await headers()).get("accept-language"));
  const words = (text: string | undefined) => (text === undefined ? undefined : translateText(locale, text));
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    return { email, fieldErrors: { email: words(errors.email?.[0]), password: words(errors.password?.[0]) } };
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeRedirectPath(formData.get("callbackUrl")),
    });
  } catch (error) {
    if (error instanceof AuthError && (error as { code?: string }).code === "throttled") {
      const seconds = (error as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60;
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      return { email, error: translateText(locale, "login.errors.throttled", { minutes }) };
    }
    // The same words for an unknown email, a wrong password and a disabled account.
    if (error instanceof AuthError) return { email, error: translateText(locale, "login.errors.wrong") };
    throw error; // signIn's redirect on success
  }
  return {};
}
