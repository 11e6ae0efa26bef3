"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useStepUp } from "@/components/step-up";
import { useServerAction } from "@/components/use-server-action";
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

/** What each confirmation says happens. */
const confirmations = {
  disable: (name: string) => ({
    title: `Disable ${name}?`,
    body: "No new payins or payouts can be created with it. Callbacks and reconciliation of its applications under way go on, and you can enable it again at any time.",
    confirmLabel: "Disable register",
  }),
  retire: (fingerprint: string) => ({
    title: `Retire alert key ${fingerprint}?`,
    body: "Callbacks signed with this key are refused from now on. Retire it only once HighHelp signs its alerts with the newer key.",
    confirmLabel: "Retire key",
  }),
  delete: (name: string) => ({
    title: `Delete ${name}?`,
    body: "Only a register that never had an application can be deleted; otherwise disable it.",
    confirmLabel: "Delete register",
  }),
};

type Pending = { kind: "disable" } | { kind: "delete" } | { kind: "retire"; alertKeyId: number; fingerprint: string };

const algorithms = [
  { value: "rsa", label: "RSA (HighHelp's public key, PEM)" },
  { value: "hmac", label: "HMAC (shared secret)" },
];

/** Everything an admin does to one register: test it, copy its callback URLs, rotate its alert key, disable or delete it. */
export function RegisterPanel({ register }: { register: RegisterPanelData }) {
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
      else toast.success(result.message ?? "Done.");
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
      toast.success(result.message ?? "Alert key added.");
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
            {testing ? "Testing…" : "Test connection"}
          </Button>
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() =>
              register.status === "active" ? setAsking({ kind: "disable" }) : run(setRegisterStatusAction, { status: "active" })
            }
          >
            {register.status === "active" ? "Disable" : "Enable"}
          </Button>
          <Button variant="danger" disabled={pending} onClick={() => setAsking({ kind: "delete" })}>
            Delete
          </Button>
        </div>
      </div>

      <div role="status" aria-live="polite" data-testid="connection-result">
        {testing ? (
          <p className="text-sm text-slate-600">Asking HighHelp for the balance (a signed balance/info)…</p>
        ) : check ? (
          <p
            className={`rounded-md px-3 py-2 text-sm ${check.reachable ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-800"}`}
          >
            {check.reachable ? "Connected. " : "Connection failed. "}
            {check.summary}
          </p>
        ) : null}
      </div>

      <div>
        <h3 className="text-sm font-medium text-slate-700">Callback URLs (for HighHelp&apos;s cabinet)</h3>
        <dl className="mt-1 space-y-1" data-testid="callback-urls">
          {register.callbackUrls.map((c) => (
            <div key={c.label} className="flex flex-wrap items-center gap-2 text-sm">
              <dt className="w-56 text-slate-500">{c.label}</dt>
              <dd className="flex min-w-0 items-center gap-1">
                <span className="break-all font-mono text-xs">{c.url}</span>
                <CopyButton value={c.url} label={`${c.label} of ${register.name}`} />
              </dd>
            </div>
          ))}
        </dl>
      </div>

      <div>
        <h3 className="text-sm font-medium text-slate-700">Alert keys in use</h3>
        <ul className="mt-1 space-y-1 text-sm">
          {register.alertKeys
            .filter((k) => k.usable)
            .map((k) => (
              <li key={k.id} className="flex items-center gap-2">
                <span className="font-mono text-xs">{k.fingerprint}</span>
                <Button
                  variant="ghost"
                  disabled={pending}
                  onClick={() => setAsking({ kind: "retire", alertKeyId: k.id, fingerprint: k.fingerprint })}
                >
                  Retire <span className="sr-only">alert key {k.fingerprint}</span>
                </Button>
              </li>
            ))}
        </ul>
      </div>

      <form
        onSubmit={rotate}
        noValidate
        className="grid items-start gap-4 md:grid-cols-3"
        aria-label={`Rotate the alert key of ${register.name}`}
      >
        <div className="space-y-3 md:col-span-2">
          <SelectField
            id={`field-algorithm-${register.id}`}
            label="New alert key: algorithm"
            name="algorithm"
            options={algorithms}
            error={rotation.error("algorithm")}
          />
          <KeyInput
            id={`field-key-${register.id}`}
            name="key"
            label="New alert key"
            hint="HighHelp's new key; the keys in use keep verifying during the overlap."
            error={rotation.error("key")}
          />
        </div>
        <div className="space-y-3">
          <Field
            id={`field-overlap-${register.id}`}
            label="Overlap (hours)"
            name="overlapHours"
            type="number"
            min={0}
            max={720}
            defaultValue={24}
            hint="How long the current keys keep verifying."
            error={rotation.error("overlapHours")}
          />
          <Button type="submit" variant="secondary" disabled={rotation.pending}>
            {rotation.pending ? "Adding…" : "Add alert key"}
          </Button>
        </div>
      </form>

      {asking ? (
        <ConfirmDialog
          open
          {...(asking.kind === "retire" ? confirmations.retire(asking.fingerprint) : confirmations[asking.kind](register.name))}
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
