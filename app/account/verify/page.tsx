import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "@/lib/i18n/server";
import { AuthCard } from "@/components/auth-card";
import { gateRedirect, requireUser } from "@/lib/accounts/auth";
import { safeRedirectPath } from "@/lib/accounts/safe-redirect";
import { VerifyForm } from "./_components/verify-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("secondFactor"))("verify.title") };
}

/**
 * After the password: the code from the authenticator app (or a recovery code) before anything else opens; then the
 * page the user asked for (`?next=`, given by passGate), else the dashboard.
 */
export default async function VerifyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next: asked } = await searchParams;
  const next = safeRedirectPath(typeof asked === "string" ? asked : undefined);
  const user = await requireUser();
  const pending = user.secondFactor.enrolled && user.secondFactor.verifiedAt === null;
  if (!pending) redirect(gateRedirect(user) ?? next);
  const t = await getTranslations("secondFactor");
  return (
    <AuthCard title={t("verify.title")} intro={t("verify.intro")}>
      <VerifyForm next={next} />
    </AuthCard>
  );
}
