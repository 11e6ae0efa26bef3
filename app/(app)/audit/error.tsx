"use client";

import { useTranslations } from "next-intl";
import { ListError } from "@/components/data-table/list-error";

export default function AuditError(props: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("audit");
  return <ListError title={t("title")} heading={t("loadError")} {...props} />;
}
