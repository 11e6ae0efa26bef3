"use client";

import { useTranslations } from "next-intl";
import { ListError } from "@/components/data-table/list-error";

export default function PayinsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("lists");
  return <ListError title={t("title.payin")} heading={t("loadError.payin")} {...props} />;
}
