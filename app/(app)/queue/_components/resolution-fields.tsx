"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { TextareaField } from "@/components/ui/textarea-field";
import { NOTE_MAX, RESOLUTIONS, TICKET_MAX, type Resolution } from "@/lib/work/schemas";

/**
 * What resolving asks, for one item or several: the resolution, the support ticket an appeal needs, and the note
 * ("other" needs one). `id` names each field; the classes size the fields in their form's layout.
 */
export function ResolutionFields({
  id,
  resolution,
  onResolution,
  error,
  fieldClass,
  noteClass,
  noteRows = 2,
}: {
  id: (name: string) => string;
  resolution: Resolution;
  onResolution: (resolution: Resolution) => void;
  error: (name: string) => string | undefined;
  fieldClass?: string;
  noteClass?: string;
  noteRows?: number;
}) {
  const t = useTranslations("queue");
  return (
    <>
      <div className={fieldClass}>
        <SelectField
          id={id("resolution")}
          name="resolution"
          label={t("resolutionLabel")}
          value={resolution}
          onChange={(event) => onResolution(event.target.value as Resolution)}
          options={RESOLUTIONS.map((r) => ({ value: r, label: t(`resolution.${r}`) }))}
          error={error("resolution")}
        />
      </div>
      {resolution === "appeal_filed" ? (
        <div className={fieldClass}>
          <Field
            id={id("ticket")}
            name="ticketRef"
            label={t("ticketLabel")}
            hint={t("ticketHint")}
            maxLength={TICKET_MAX}
            required
            error={error("ticketRef")}
          />
        </div>
      ) : null}
      <div className={noteClass}>
        <TextareaField
          id={id("note")}
          name="note"
          label={resolution === "other" ? t("noteRequiredLabel") : t("noteLabel")}
          rows={noteRows}
          maxLength={NOTE_MAX}
          error={error("note")}
        />
      </div>
    </>
  );
}
