import { FINAL_STATUSES } from "@/lib/highhelp/status";

/*
 * The one definition of conversion in the reports (docs/reports.md): the share of successful applications
 * among the finished ones, counted by the day they were created. Finished means a final HighHelp status,
 * `success` or `decline`: only those never change afterwards. Applications still in `processing`, `dispute`
 * or `error`, and those HighHelp has not answered yet, are left out of both sides: they may still end
 * either way, so counting them would make a young day look worse than it will be. Client-safe.
 */

/** Statuses counted as successful. */
export const CONVERSION_SUCCESS_STATUSES: readonly string[] = ["success"];

/** Statuses counted as finished (the denominator). */
export const CONVERSION_FINISHED_STATUSES: readonly string[] = FINAL_STATUSES;

export interface Conversion {
  successful: number;
  finished: number;
}

/** Adds one status's count to a conversion. */
export function addToConversion(conversion: Conversion, status: string | null, count: number): Conversion {
  return {
    successful: conversion.successful + (status !== null && CONVERSION_SUCCESS_STATUSES.includes(status) ? count : 0),
    finished: conversion.finished + (status !== null && CONVERSION_FINISHED_STATUSES.includes(status) ? count : 0),
  };
}

/**
 * The conversion in hundredths of a percent (8333 = 83.33 %), rounded half up, in integers (no float error);
 * null when nothing finished yet.
 */
export function conversionBasisPoints({ successful, finished }: Conversion): number | null {
  if (finished <= 0) return null;
  return Number((BigInt(successful) * 20_000n + BigInt(finished)) / (2n * BigInt(finished)));
}

/** The conversion as a fraction for Intl's percent style (display only), or null. */
export function conversionRatio(conversion: Conversion): number | null {
  const points = conversionBasisPoints(conversion);
  return points === null ? null : points / 10_000;
}

/** The conversion as a percent with two decimals (`83.33`), `decimal` as the mark; empty when nothing finished. */
export function conversionPercentText(conversion: Conversion, decimal = "."): string {
  const points = conversionBasisPoints(conversion);
  if (points === null) return "";
  return `${Math.trunc(points / 100)}${decimal}${String(points % 100).padStart(2, "0")}`;
}
