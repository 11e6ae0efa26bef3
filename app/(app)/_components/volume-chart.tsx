import type { DailyVolume } from "@/lib/dashboard/queries";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/money/locale";
import { dateTimeFormat } from "@/lib/i18n/intl-formats";

/** Daily successful volume as SVG bars (payins indigo, payouts amber); exact figures in titles. Days are business days of `zone`. */
export function VolumeChart({ days, currency, zone }: { days: DailyVolume[]; currency: string; zone: string }) {
  const t = useTranslations("dashboard.chart");
  const locale = useLocale();
  const dayText = (day: string) =>
    dateTimeFormat(locale, { timeZone: "UTC", day: "2-digit", month: "2-digit" }).format(new Date(`${day}T00:00:00Z`));
  const max = days.reduce((m, d) => (d.payin > m ? d.payin : d.payout > m ? d.payout : m), 0n);
  const height = 120;
  const barWidth = 8;
  const slot = 22;
  // Heights only: a display ratio, never a money value.
  const scale = (v: bigint) => (max === 0n ? 0 : Math.max(v > 0n ? 2 : 0, Math.round((Number(v) / Number(max)) * height)));
  return (
    <figure className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <figcaption className="mb-3 flex items-center justify-between text-sm">
        <span className="font-semibold">{t("title", { days: days.length, currency, zone })}</span>
        <span className="flex gap-3 text-xs text-slate-500">
          <span className="flex items-center gap-1">
            <span className="inline-block size-2 rounded-sm bg-indigo-500" /> {t("payins")}
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block size-2 rounded-sm bg-amber-500" /> {t("payouts")}
          </span>
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${days.length * slot} ${height + 16}`}
        className="h-40 w-full"
        role="img"
        aria-label={t("label", { currency })}
      >
        {days.map((d, i) => (
          <g key={d.day} transform={`translate(${i * slot + 2}, 0)`}>
            <rect x={0} y={height - scale(d.payin)} width={barWidth} height={scale(d.payin)} className="fill-indigo-500">
              <title>{t("payinsOn", { day: dayText(d.day), amount: formatMoney(d.payin, currency, locale) })}</title>
            </rect>
            <rect
              x={barWidth + 1}
              y={height - scale(d.payout)}
              width={barWidth}
              height={scale(d.payout)}
              className="fill-amber-500"
            >
              <title>{t("payoutsOn", { day: dayText(d.day), amount: formatMoney(d.payout, currency, locale) })}</title>
            </rect>
            {i % 5 === 0 ? (
              <text x={0} y={height + 12} className="fill-slate-400 text-[8px]">
                {dayText(d.day)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
    </figure>
  );
}
