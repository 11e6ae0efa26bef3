"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { signOutAction } from "@/app/(app)/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useServerAction } from "@/components/use-server-action";
import { verifySecondFactorAction } from "../actions";

/** `next`: where to go once the code is right (a path of this app). */
export function VerifyForm({ next }: { next: string }) {
  const t = useTranslations("secondFactor");
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    run(
      verifySecondFactorAction,
      new FormData(form),
      (result) => {
        if (result.message) toast.success(result.message);
        router.replace(next);
        router.refresh();
      },
      () => form.reset(),
    );
  };
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field
          label={t("verify.code")}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          error={error("code")}
        />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? t("verify.submitting") : t("verify.submit")}
        </Button>
      </form>
      <form action={signOutAction}>
        <button type="submit" className="w-full text-center text-sm text-indigo-600 hover:text-indigo-500">
          {t("verify.signOut")}
        </button>
      </form>
    </div>
  );
}
