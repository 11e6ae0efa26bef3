import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/server";
import { AuthCard } from "@/components/auth-card";
import { passCodeEntry, requireUser } from "@/lib/accounts/auth";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/password";
import { ChangePasswordForm } from "./_components/change-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("password"))("title") };
}

export default async function ChangePasswordPage() {
  const user = await requireUser();
  await passCodeEntry(user);
  const t = await getTranslations("password");
  return (
    <AuthCard
      title={t("title")}
      intro={
        <>
          {user.mustChangePassword ? t("mustChange") : t("sessionsEnd")} {t("minLength", { min: PASSWORD_MIN_LENGTH })}
        </>
      }
    >
      <ChangePasswordForm email={user.email} />
      {user.mustChangePassword ? null : (
        <Link href="/" className="block text-center text-sm text-indigo-600 hover:text-indigo-500">
          {t("back")}
        </Link>
      )}
    </AuthCard>
  );
}
