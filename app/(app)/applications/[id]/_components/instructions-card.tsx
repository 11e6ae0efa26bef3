import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { DateTime } from "@/components/date-time";
import { minorToDecimal } from "@/lib/money/amounts";
import { formatMoney } from "@/lib/money/locale";
import {
  groupCardNumber,
  instructionsNote,
  type InstructionsNote,
  type PayerInstructions,
} from "@/lib/applications/instructions";
import { CopyButton } from "@/components/ui/copy-button";
import { Countdown } from "./countdown";

function Row({ label, value, copy }: { label: string; value: ReactNode; copy?: string | null }) {
  if (value === null) return null;
  return (
    <div className="flex items-center justify-between gap-4 py-2">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="flex items-center gap-2 text-right text-sm font-medium text-slate-900">
        <span className="font-mono">{value}</span>
        {copy ? <CopyButton value={copy} label={label.charAt(0).toLocaleLowerCase() + label.slice(1)} /> : null}
      </dd>
    </div>
  );
}

function NoInstructions({ note, status, formUrl }: { note: InstructionsNote; status: string | null; formUrl: string | null }) {
  const t = useTranslations("application.instructions");
  if (note === "awaiting") return <p className="text-sm text-slate-600">{t("none")}</p>;
  if (note === "noneWillCome") return <p className="text-sm text-slate-600">{t("noneWillCome", { status: status ?? "" })}</p>;
  return (
    <div className="space-y-2 text-sm text-slate-600" data-testid="instructions-widget">
      <p>{t("widget")}</p>
      {formUrl ? (
        <p className="flex flex-wrap items-center gap-2">
          <a href={formUrl} target="_blank" rel="noreferrer noopener" className="break-all text-indigo-700 underline">
            {t("widgetLink")}
          </a>
          <CopyButton value={formUrl} label={t("widgetLink").toLocaleLowerCase()} />
        </p>
      ) : null}
    </div>
  );
}

/** What the payer was told to do. Every value from HighHelp is rendered as text. */
export function InstructionsCard({
  instructions,
  fallbackCurrency,
  final,
  integration,
  status,
  formUrl,
}: {
  instructions: PayerInstructions | null;
  integration: string;
  status: string | null;
  /** The widget's payment form, once HighHelp has given it. */
  formUrl: string | null;
  fallbackCurrency: string;
  /** A final application needs no countdown: the instructions are history. */
  final: boolean;
}) {
  const t = useTranslations("application.instructions");
  const locale = useLocale();
  return (
    <section
      aria-labelledby="instructions-title"
      className="rounded-lg bg-white p-5 ring-1 ring-slate-200"
      data-testid="instructions-card"
    >
      <div className="mb-2 flex items-center justify-between">
        <h2 id="instructions-title" className="text-base font-semibold">
          {t("title")}
        </h2>
        {final ? (
          <span className="text-sm text-slate-500">{t("closed")}</span>
        ) : instructions?.validUntil ? (
          <Countdown until={instructions.validUntil.toISOString()} />
        ) : null}
      </div>
      {instructions === null ? (
        <NoInstructions note={instructionsNote({ integration, status: status ?? "" })} status={status} formUrl={formUrl} />
      ) : (
        <dl className="divide-y divide-slate-100">
          <Row
            label={t("cardNumber")}
            value={instructions.recipientPan ? groupCardNumber(instructions.recipientPan) : null}
            copy={instructions.recipientPan}
          />
          <Row label={t("phone")} value={instructions.recipientPhone} copy={instructions.recipientPhone} />
          <Row label={t("cardHolder")} value={instructions.cardHolder} copy={instructions.cardHolder} />
          <Row label={t("bank")} value={instructions.bankName} />
          <Row label={t("bankCountry")} value={instructions.bankCountry} />
          <Row
            label={t("amount")}
            value={
              instructions.amount === null
                ? null
                : formatMoney(instructions.amount, instructions.currency ?? fallbackCurrency, locale)
            }
            copy={
              instructions.amount === null ? null : minorToDecimal(instructions.amount, instructions.currency ?? fallbackCurrency)
            }
          />
          <Row label={t("validUntil")} value={instructions.validUntil ? <DateTime at={instructions.validUntil} /> : null} />
        </dl>
      )}
    </section>
  );
}
