"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useTranslations("ui.copy");
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={t("label", { what: label })}
      className="rounded px-1.5 py-0.5 text-xs font-medium text-indigo-600 hover:bg-indigo-50"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          toast.error(t("failed"));
        }
      }}
    >
      {copied ? t("copied") : t("copy")}
    </button>
  );
}
