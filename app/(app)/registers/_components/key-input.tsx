"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { TextareaField } from "@/components/ui/textarea-field";

/** A key pasted as text, or loaded from a file into the same textarea (the file itself is not sent). */
export function KeyInput({
  id,
  name,
  label,
  hint,
  error,
}: {
  id: string;
  name: string;
  label: string;
  hint: string;
  error?: string;
}) {
  const t = useTranslations("registers");
  const text = useRef<HTMLTextAreaElement>(null);
  return (
    <div className="space-y-2">
      <TextareaField
        ref={text}
        id={id}
        name={name}
        label={label}
        hint={hint}
        error={error}
        rows={5}
        spellCheck={false}
        autoComplete="off"
        placeholder={t("add.keyPlaceholder")}
      />
      <div>
        <label htmlFor={`${id}-file`} className="text-xs font-medium text-slate-600">
          {t("keyInput.fromFile")}
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".pem,.key,.txt,text/plain"
          className="block text-xs text-slate-600 file:mr-2 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1 file:text-xs file:font-medium"
          onChange={async (event) => {
            const file = event.currentTarget.files?.[0];
            if (!file || !text.current) return;
            text.current.value = (await file.text()).trim();
            event.currentTarget.value = "";
          }}
        />
      </div>
    </div>
  );
}
