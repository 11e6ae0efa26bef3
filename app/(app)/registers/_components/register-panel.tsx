"use client";

import { useRouter } from "next/navigation";
import { useMessageText } from "@/components/use-message-text";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useStepUp } from "@/components/step-up";
import { useServerAction } from "@/components/use-server-action";
import type { Translate } from "@/lib/i18n/translate";
import type { ActionResult } from "@/lib/server/action";
import {
  addAlertKeyAction,
  deleteRegisterAction,
  retireAlertKeyAction,
  setRegisterStatusAction,
  testRegisterConnectionAction,
} from "../actions";
import { KeyInput } from "./key-input";

export interface RegisterPanelData {
  id: number;
  name: string;
  status: "active" | "disabled";
  callbackUrls: { label: string; url: string }[];
  alertKeys: { id: number; fingerprint: string; usable: boolean }[];
}

type Pending = { kind: "disable" } | { kind: "delete" } | { kind: "retire"; alertKeyId: number; fingerprint: string };

/** What each confirmation says happens. */
function confirmation(t: Translate, asking: Pending, name: string) {
  if (asking.kind === "disable") {
    return {
      title: t("confirm.disable.title", { name }),
      body: t("confirm.disable.body"),
      confirmLabel: t("confirm.disable.confirm"),
    };
  }
  if (asking.kind === "retire") {
    return {
      title: t("confirm.retire.title", { fingerprint: asking.fingerprint }),
      body: t("confirm.retire.body"),
      confirmLabel: t("confirm.retire.confirm"),
    };
  }
  return {
    title: t("confirm.delete.title", { name }),
    body: t("confirm.delete.body"),
    confirmLabel: t("confirm.delete.confirm"),
  };
}

/** Everything an admin does to one register: test it, copy its callback URLs, rotate its alert key, disable or delete it. */
export function RegisterPanel({ register }: { register: RegisterPanelData }) {
  const t = useTranslations("registers");
  const messageText = useMessageText();
  const algorithms = [
    { value: "rsa", label: t("algorithm.alertRsa") },
    { value: "hmac", label: t("algorithm.hmac") },
  ];
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [testing, startTest] = useTransition();
  const [check, setCheck] = useState<{ reachable: boolean; summary: string } | null>(null);
  const [asking, setAsking] = useState<Pending | null>(null);
  const rotation = useServerAction();
  const stepUp = useStepUp();
  const registerId = String(register.id);

  const run = (action: (input: unknown) => Promise<ActionResult<unknown>>, input: Record<string, string>) =>
    startTransition(async () => {
      const result = await stepUp(action)({ registerId, ...input });
      // Asking again would not change the answer: the question closes either way, the toast says what happened.
      setAsking(null);
      if (!result.ok) toast.error(result.message);
      else toast.success(result.message ?? t("panel.done"));
      router.refresh();
    });

  const test = () =>
    startTest(async () => {
      setCheck(null);
      const result = await testRegisterConnectionAction({ registerId });
      setCheck(result.ok ? result.data : { reachable: false, summary: result.message });
    });

  const rotate = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    data.set("registerId", registerId);
    rotation.run(addAlertKeyAction, data, (result) => {
      form.reset();
      toast.success(result.message ?? t("panel.keyAdded"));
      router.refresh();
    });
  };

  const titleId = `register-${register.id}-title`;
  return (
    <section
      id={`register-${register.id}`}
      aria-labelledby={titleId}
      className="space-y-4 rounded-lg bg-white p-5 ring-1 ring-slate-200"
      data-testid="register-panel"
      data-register={register.name}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={titleId} className="text-base font-semibold">
          {register.name}
        </h2>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={test} disabled={testing}>
            {testing ? t("panel.testing") : t("panel.test")}
          </Button>
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() =>
              register.status === "active" ? setAsking({ kind: "disable" }) : run(setRegisterStatusAction, { status: "active" })
            }
          >
            {register.status === "active" ? t("panel.disable") : t("panel.enable")}
          </Button>
          <Button variant="danger" disabled={pending} onClick={() => setAsking({ kind: "delete" })}>
            {t("panel.delete")}
          </Button>
        </div>
      </div>

      <div role="status" aria-live="polite" data-testid="connection-result">
        {testing ? (
          <p className="text-sm text-slate-600">{t("panel.asking")}</p>
        ) : check ? (
          <p
            className={`rounded-md px-3 py-2 text-sm ${check.reachable ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-800"}`}
          >
            {check.reachable ? t("panel.connected") : t("panel.failed")} {check.summary.split("\n").map(messageText).join(" ")}
          </p>
        ) : null}
      </div>

      <div>
        <h3 className="text-sm font-medium text-slate-700">{t("panel.callbacks")}</h3>
        <dl className="mt-1 space-y-1" data-testid="callback-urls">
          {register.callbackUrls.map((c) => (
            <div key={c.label} className="flex flex-wrap items-center gap-2 text-sm">
              <dt className="w-56 text-slate-500">{c.label}</dt>
              <dd className="flex min-w-0 items-center gap-1">
                <span className="break-all font-mono text-xs">{c.url}</span>
                <CopyButton value={c.url} label={t("panel.copyWhat", { label: c.label, name: register.name })} />
              </dd>
            </div>
          ))}
        </dl>
      </div>

      <div>
        <h3 className="text-sm font-medium text-slate-700">{t("panel.alertKeysInUse")}</h3>
        <ul className="mt-1 space-y-1 text-sm">
          {register.alertKeys
            .filter((k) => k.usable)
            .map((k) => (
              <li key={k.id} className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs break-all">{k.fingerprint}</span>
                <Button
                  variant="ghost"
                  disabled={pending}
                  onClick={() => setAsking({ kind: "retire", alertKeyId: k.id, fingerprint: k.fingerprint })}
                >
                  {t.rich("panel.retire", {
                    fingerprint: k.fingerprint,
                    hidden: (words) => <span className="sr-only">{words}</span>,
                  })}
                </Button>
              </li>
            ))}
        </ul>
      </div>

      <form
        onSubmit={rotate}
        noValidate
        className="grid items-start gap-4 md:grid-cols-3"
        aria-label={t("panel.rotate", { name: register.name })}
      >
        <div className="space-y-3 md:col-span-2">
          <SelectField
            id={`field-algorithm-${register.id}`}
            label={t("panel.newAlgorithm")}
            name="algorithm"
            options={algorithms}
            error={rotation.error("algorithm")}
          />
          <KeyInput
            id={`field-key-${register.id}`}
            name="key"
            label={t("panel.newKey")}
            hint={t("panel.newKeyHint")}
            error={rotation.error("key")}
          />
        </div>
        <div className="space-y-3">
          <Field
            id={`field-overlap-${register.id}`}
            label={t("panel.overlap")}
            name="overlapHours"
            type="number"
            min={0}
            max={720}
            defaultValue={24}
            hint={t("panel.overlapHint")}
            error={rotation.error("overlapHours")}
          />
          <Button type="submit" variant="secondary" disabled={rotation.pending}>
            {rotation.pending ? t("panel.adding") : t("panel.addKey")}
          </Button>
        </div>
      </form>

      {asking ? (
        <ConfirmDialog
          open
          {...confirmation(t, asking, register.name)}
          variant={asking.kind === "disable" ? "primary" : "danger"}
          pending={pending}
          onConfirm={() => {
            if (asking.kind === "delete") run(deleteRegisterAction, {});
            else if (asking.kind === "disable") run(setRegisterStatusAction, { status: "disabled" });
            else run(retireAlertKeyAction, { alertKeyId: String(asking.alertKeyId) });
          }}
          onClose={() => setAsking(null)}
        />
      ) : null}
    </section>
  );
}
