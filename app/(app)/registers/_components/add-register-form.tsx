"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import { createRegisterAction } from "../actions";
import { KeyInput } from "./key-input";

const requestAlgorithms = [
  { value: "rsa", label: "RSA (private key, PEM)" },
  { value: "hmac", label: "HMAC (shared secret)" },
];
const alertAlgorithms = [
  { value: "rsa", label: "RSA (HighHelp's public key, PEM)" },
  { value: "hmac", label: "HMAC (shared secret)" },
];

export function AddRegisterForm({ defaultApiUrl }: { defaultApiUrl: string }) {
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    run(createRegisterAction, new FormData(form), (result) => {
      form.reset();
      toast.success(result.message ?? "Cash register added.");
      router.refresh();
    });
  };
  return (
    <section aria-labelledby="add-register-title" className="space-y-4 rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <div>
        <h2 id="add-register-title" className="text-base font-semibold">
          Add register
        </h2>
        <p className="text-sm text-slate-600">
          The project_id, API URL and keys come from HighHelp&apos;s cabinet. Keys are stored encrypted and never shown again,
          only their fingerprints.
        </p>
      </div>
      <form onSubmit={onSubmit} className="grid items-start gap-4 md:grid-cols-2" noValidate data-testid="add-register-form">
        <Field label="Name" name="name" autoComplete="off" placeholder="Kazakhstan KZT" error={error("name")} />
        <Field label="project_id" name="projectId" autoComplete="off" spellCheck={false} error={error("projectId")} />
        <Field label="API URL" name="apiUrl" type="url" defaultValue={defaultApiUrl} autoComplete="off" error={error("apiUrl")} />
        <Field
          label="Signature profile (optional)"
          name="signatureProfile"
          autoComplete="off"
          spellCheck={false}
          hint="Empty: the installation's profile (see Settings)."
          error={error("signatureProfile")}
        />
        <div className="space-y-3">
          <SelectField
            label="Request signing"
            name="requestAlgorithm"
            id="field-requestAlgorithm"
            options={requestAlgorithms}
            error={error("requestAlgorithm")}
          />
          <KeyInput
            id="field-requestKey"
            name="requestKey"
            label="Request key"
            hint="RSA: the private key in PEM (PKCS#8 or PKCS#1). HMAC: the secret."
            error={error("requestKey")}
          />
        </div>
        <div className="space-y-3">
          <SelectField
            label="Alert verification"
            name="alertAlgorithm"
            id="field-alertAlgorithm"
            options={alertAlgorithms}
            error={error("alertAlgorithm")}
          />
          <KeyInput
            id="field-alertKey"
            name="alertKey"
            label="Alert key"
            hint="RSA: HighHelp's public key in PEM. HMAC: the secret."
            error={error("alertKey")}
          />
        </div>
        <Field
          label="Currencies"
          name="currencies"
          autoComplete="off"
          placeholder="KZT, RUB"
          hint="Separated by commas or spaces; empty: any currency."
          error={error("currencies")}
        />
        <Field
          label="Methods"
          name="methods"
          autoComplete="off"
          placeholder="card-p2p, sbp-p2p"
          hint="Method codes the register is set up for; empty: any method."
          error={error("methods")}
        />
        <div className="md:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add register"}
          </Button>
        </div>
      </form>
    </section>
  );
}
