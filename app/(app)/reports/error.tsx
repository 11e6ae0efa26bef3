"use client";

import { useTranslations } from "next-intl";
import { ListError } from "@/components/data-table/list-error";

export default function ReportsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("reports");
  return <ListError title={t("navLabel")} heading={t("loadError")} {...props} />;
}
