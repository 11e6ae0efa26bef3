"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useServerAction } from "@/components/use-server-action";
import { confirmEnrolmentAction, startEnrolmentAction } from "../actions";

/** Set-up in three steps: a secret (QR code and text), the app's first code, then the recovery codes, shown once. */
export function EnrolForm() {
  const t = useTranslations("secondFactor");
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const [secret, setSecret] = useState<{ secret: string; qr: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) {
    return (
      <section aria-labelledby="recovery-title" className="space-y-3">
        <h2 id="recovery-title" className="text-base font-semibold">
          {t("security.recoveryTitle")}
        </h2>
        <p className="text-sm text-slate-600">{t("security.recoveryIntro")}</p>
        <ul className="grid grid-cols-2 gap-2 font-mono text-sm" data-testid="recovery-codes">
          {codes.map((code) => (
            <li key={code} className="rounded bg-slate-50 px-2 py-1 ring-1 ring-slate-200">
              {code}
            </li>
          ))}
        </ul>
        <Button
          className="w-full"
          onClick={() => {
            router.replace("/");
            router.refresh();
          }}
        >
          {t("security.done")}
        </Button>
      </section>
    );
  }

  if (!secret) {
    return (
      <Button
        className="w-full"
        disabled={pending}
        onClick={() => run(startEnrolmentAction, {}, (result) => setSecret(result.data))}
      >
        {t("security.start")}
      </Button>
    );
  }

  const onConfirm = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(confirmEnrolmentAction, new FormData(event.currentTarget), (result) => {
      if (result.message) toast.success(result.message);
      setCodes(result.data.recoveryCodes);
    });
  };

  return (
    <form onSubmit={onConfirm} className="space-y-4" noValidate>
      <p className="text-sm text-slate-600">{t("security.scan")}</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server, nothing to optimise */}
      <img src={secret.qr} alt={t("security.qrAlt")} width={220} height={220} className="mx-auto" />
      <div className="text-sm">
        <p className="text-slate-500">{t("security.secret")}</p>
        <p className="break-all font-mono text-slate-900" data-testid="totp-secret">
          {secret.secret}
        </p>
      </div>
      <Field
        label={t("security.code")}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        error={error("code")}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {t("security.confirm")}
      </Button>
    </form>
  );
}
