"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { TextareaField } from "@/components/ui/textarea-field";
import { useServerAction } from "@/components/use-server-action";
import { NOTE_MAX } from "@/lib/work/schemas";
import { addNoteAction } from "../../../queue/actions";

export function NoteForm({ applicationId }: { applicationId: number }) {
  const t = useTranslations("queue");
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { pending, run, error } = useServerAction();
  return (
    <form
      ref={form}
      className="space-y-2"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        run(addNoteAction, new FormData(event.currentTarget), (result) => {
          if (result.message) toast.success(result.message);
          form.current?.reset();
          router.refresh();
        });
      }}
    >
      <input type="hidden" name="applicationId" value={applicationId} />
      <TextareaField name="body" label={t("addNoteLabel")} rows={3} maxLength={NOTE_MAX} error={error("body")} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("addNote")}
      </Button>
    </form>
  );
}
