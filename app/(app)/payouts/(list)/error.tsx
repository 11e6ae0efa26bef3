"use client";

import { useTranslations } from "next-intl";
import { ListError } from "@/components/data-table/list-error";

export default function PayoutsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("lists");
  return <ListError title={t("title.payout")} heading={t("loadError.payout")} {...props} />;
}
