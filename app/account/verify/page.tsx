import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "@/lib/i18n/server";
import { AuthCard } from "@/components/auth-card";
import { gateRedirect, requireUser } from "@/lib/accounts/auth";
import { VerifyForm } from "./_components/verify-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("secondFactor"))("verify.title") };
}

/** After the password: the code from the authenticator app (or a recovery code) before anything else opens. */
export default async function VerifyPage() {
  const user = await requireUser();
  const pending = user.secondFactor.enrolled && user.secondFactor.verifiedAt === null;
  if (!pending) redirect(gateRedirect(user) ?? "/");
  const t = await getTranslations("secondFactor");
  return (
    <AuthCard title={t("verify.title")} intro={t("verify.intro")}>
      <VerifyForm />
    </AuthCard>
  );
}
