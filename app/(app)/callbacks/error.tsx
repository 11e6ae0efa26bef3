"use client";

import { useTranslations } from "next-intl";
import { ListError } from "@/components/data-table/list-error";

export default function CallbackLogError(props: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("callbackLog");
  return <ListError title={t("title")} heading={t("loadError")} {...props} />;
}
