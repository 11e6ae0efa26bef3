import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "@/lib/i18n/server";
import { AuthCard } from "@/components/auth-card";
import { currentUser } from "@/lib/accounts/auth";
import { safeRedirectPath } from "@/lib/accounts/safe-redirect";
import { LoginForm } from "./_components/login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const t = await getTranslations("login");
  return (
    <AuthCard title={t("heading")}>
      <LoginForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
