"use client";

import { useCommonWords } from "./use-common-words";
import { useState } from "react";
import { toast } from "sonner";

export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useCommonWords();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={t("copyLabel", { label })}
      className="rounded px-1.5 py-0.5 text-xs font-medium text-indigo-600 hover:bg-indigo-50"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          toast.error(t("copyFailed"));
        }
      }}
    >
      {copied ? t("copied") : t("copy")}
    </button>
  );
}
