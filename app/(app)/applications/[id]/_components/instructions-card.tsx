import { formatUtc } from "@/lib/dates/utc";
import { formatMinor, minorToDecimal } from "@/lib/money/amounts";
import { groupCardNumber, type PayerInstructions } from "@/lib/applications/instructions";
import { CopyButton } from "@/components/ui/copy-button";
import { Countdown } from "./countdown";

function Row({ label, value, copy }: { label: string; value: string | null; copy?: string | null }) {
  if (value === null) return null;
  return (
    <div className="flex items-center justify-between gap-4 py-2">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="flex items-center gap-2 text-right text-sm font-medium text-slate-900">
        <span className="font-mono">{value}</span>
        {copy ? <CopyButton value={copy} label={label.toLowerCase()} /> : null}
      </dd>
    </div>
  );
}

/** What the payer was told to do. Every value from HighHelp is rendered as text. */
export function InstructionsCard({
  instructions,
  fallbackCurrency,
  final,
}: {
  instructions: PayerInstructions | null;
  fallbackCurrency: string;
  /** A final application needs no countdown: the instructions are history. */
  final: boolean;
}) {
  return (
    <section
      aria-labelledby="instructions-title"
      className="rounded-lg bg-white p-5 ring-1 ring-slate-200"
      data-testid="instructions-card"
    >
      <div className="mb-2 flex items-center justify-between">
        <h2 id="instructions-title" className="text-base font-semibold">
          Payer instructions
        </h2>
        {final ? (
          <span className="text-sm text-slate-500">application closed</span>
        ) : instructions?.validUntil ? (
          <Countdown until={instructions.validUntil.toISOString()} />
        ) : null}
      </div>
      {instructions === null ? (
        <p className="text-sm text-slate-500">
          HighHelp has not issued requisites yet. They appear here as soon as they arrive (callback or poll).
        </p>
      ) : (
        <dl className="divide-y divide-slate-100">
          <Row
            label="Card number"
            value={instructions.recipientPan ? groupCardNumber(instructions.recipientPan) : null}
            copy={instructions.recipientPan}
          />
          <Row label="Phone" value={instructions.recipientPhone} copy={instructions.recipientPhone} />
          <Row label="Card holder" value={instructions.cardHolder} copy={instructions.cardHolder} />
          <Row label="Bank" value={instructions.bankName} />
          <Row label="Bank country" value={instructions.bankCountry} />
          <Row
            label="Amount"
            value={
              instructions.amount === null ? null : formatMinor(instructions.amount, instructions.currency ?? fallbackCurrency)
            }
            copy={
              instructions.amount === null ? null : minorToDecimal(instructions.amount, instructions.currency ?? fallbackCurrency)
            }
          />
          <Row label="Valid until" value={instructions.validUntil ? `${formatUtc(instructions.validUntil)} UTC` : null} />
        </dl>
      )}
    </section>
  );
}
