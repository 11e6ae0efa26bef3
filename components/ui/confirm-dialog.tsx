"use client";

import { useCommonWords } from "./use-common-words";
import { useEffect, useId, useRef } from "react";
import { Button, type ButtonVariant } from "./button";

/** A modal question before an action with consequences; Escape or Back closes it (focus returns where it was). */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  variant = "primary",
  pending,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  variant?: ButtonVariant;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useCommonWords();
  const ref = useRef<HTMLDialogElement>(null);
  // Several dialogs may share a page (one per table row): their labels need ids of their own.
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      className="m-auto w-full max-w-md rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="space-y-3 p-6">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <p id={`${id}-body`} className="text-sm text-slate-600">
          {body}
        </p>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {t("back")}
          </Button>
          <Button variant={variant} onClick={onConfirm} disabled={pending}>
            {pending ? t("working") : confirmLabel}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
