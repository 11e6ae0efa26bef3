"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { useServerAction } from "@/components/use-server-action";
import { rotateWebhookSecretAction, saveWebhookAction, sendWebhookTestAction, setWebhookEnabledAction } from "../actions";

/**
 * The webhook's controls. A new secret (first save, rotation) is held in this component's state only, shown until
 * the admin leaves the page: the server never sends it again.
 */
export function WebhookForm({ url, enabled }: { url: string | null; enabled: boolean }) {
  const t = useTranslations("webhooks");
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const exists = url !== null;

  const onSave = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(saveWebhookAction, new FormData(event.currentTarget), (result) => {
      if (result.data.secret) setSecret(result.data.secret);
      toast.success(result.message ?? t("done.saved"));
      router.refresh();
    });
  };
  const rotate = () =>
    run(
      rotateWebhookSecretAction,
      {},
      (result) => {
        setConfirmRotate(false);
        setSecret(result.data.secret);
        toast.success(result.message ?? t("done.rotated"));
        router.refresh();
      },
      () => setConfirmRotate(false),
    );
  const toggle = () =>
    run(setWebhookEnabledAction, { enabled: !enabled }, (result) => {
      toast.success(result.message ?? "");
      router.refresh();
    });
  const test = () =>
    run(sendWebhookTestAction, {}, (result) => {
      if (result.data.delivered) toast.success(result.message ?? t("done.testDelivered"));
      else toast.error(result.message ?? t("done.testFailed"));
      router.refresh();
    });

  return (
    <div className="space-y-4">
      <form onSubmit={onSave} className="flex flex-wrap items-start gap-3" noValidate data-testid="webhook-form">
        <div className="min-w-0 flex-1">
          <Field
            label={t("url")}
            name="url"
            type="url"
            defaultValue={url ?? ""}
            autoComplete="off"
            spellCheck={false}
            placeholder={t("urlPlaceholder")}
            hint={t("urlHint")}
            error={error("url")}
          />
        </div>
        <Button type="submit" disabled={pending} className="mt-6">
          {exists ? t("save") : t("create")}
        </Button>
      </form>

      {secret ? (
        <div role="status" className="space-y-2 rounded-md bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="webhook-secret">
          <p className="text-sm font-medium text-slate-900">{t("secretOnce")}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-sm" data-testid="webhook-secret-value">
              {secret}
            </code>
            <CopyButton value={secret} label={t("copySecret")} />
          </div>
        </div>
      ) : null}

      {exists ? (
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" disabled={pending || !enabled} onClick={test}>
            {t("sendTest")}
          </Button>
          <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirmRotate(true)}>
            {t("rotate")}
          </Button>
          <Button type="button" variant="secondary" disabled={pending} onClick={toggle}>
            {enabled ? t("disable") : t("enable")}
          </Button>
        </div>
      ) : null}

      <ConfirmDialog
        open={confirmRotate}
        title={t("rotateTitle")}
        body={t("rotateBody")}
        confirmLabel={t("rotate")}
        variant="danger"
        pending={pending}
        onConfirm={rotate}
        onClose={() => setConfirmRotate(false)}
      />
    </div>
  );
}
