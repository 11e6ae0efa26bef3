"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import type { WorkReason } from "@/drizzle/schema";
import type { ActionResult } from "@/lib/server/action";
import type { Resolution } from "@/lib/work/schemas";
import { assignItemAction, resolveItemAction, snoozeItemAction } from "../actions";
import { ResolutionFields } from "./resolution-fields";

export interface QueueItemActionsProps {
  itemId: number;
  applicationId: number;
  paymentId: string;
  reason: WorkReason;
  meId: number;
  assigneeId: number | null;
  colleagues: readonly { id: number; email: string }[];
}

/** A queue row's actions: assign (to me / a colleague), snooze until a day, resolve with a resolution. */
export function QueueItemActions(props: QueueItemActionsProps) {
  const t = useTranslations("queue");
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const [resolution, setResolution] = useState<Resolution>(props.reason === "dispute" ? "appeal_filed" : "resolved_at_gateway");
  // The forms are rendered once the panel is first opened, and then kept (closing it loses nothing typed): a queue
  // page holds up to 200 rows, and their closed forms were most of its HTML and of its server time.
  const [opened, setOpened] = useState(false);
  const panel = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // Opened before the page was interactive: the browser toggled it on its own.
    if (panel.current?.open) setOpened(true);
  }, []);
  const id = (name: string) => `queue-${props.itemId}-${name}`;
  const send =
    <T,>(action: (input: unknown) => Promise<ActionResult<T>>) =>
    (event: React.FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      run(action, new FormData(event.currentTarget), (result) => {
        if (result.message) toast.success(result.message);
        router.refresh();
      });
    };
  const label = (text: string) => `${text} · ${props.paymentId}`;

  return (
    <div className="min-w-64 space-y-2">
      {props.assigneeId !== props.meId ? (
        <form onSubmit={send(assignItemAction)}>
          <input type="hidden" name="itemId" value={props.itemId} />
          <input type="hidden" name="assigneeId" value={props.meId} />
          <Button type="submit" variant="secondary" disabled={pending} aria-label={label(t("assignToMe"))}>
            {t("assignToMe")}
          </Button>
        </form>
      ) : null}
      <details
        ref={panel}
        onToggle={(event) => {
          if (event.currentTarget.open) setOpened(true);
        }}
        className="rounded-md ring-1 ring-slate-200"
        data-testid="queue-work"
      >
        <summary className="cursor-pointer px-3 py-1.5 text-sm font-medium text-indigo-700">
          {t("work")}
          <span className="sr-only"> · {props.paymentId}</span>
        </summary>
        {opened ? (
          <div className="space-y-4 p-3">
            <form onSubmit={send(resolveItemAction)} className="space-y-2" noValidate>
              <input type="hidden" name="itemId" value={props.itemId} />
              <ResolutionFields id={id} resolution={resolution} onResolution={setResolution} error={error} />
              <Button type="submit" disabled={pending}>
                {t("resolve")}
              </Button>
            </form>
            <form onSubmit={send(snoozeItemAction)} className="space-y-2" noValidate>
              <input type="hidden" name="itemId" value={props.itemId} />
              <Field id={id("until")} name="until" type="date" label={t("snoozeLabel")} required error={error("until")} />
              <Button type="submit" variant="secondary" disabled={pending}>
                {t("snooze")}
              </Button>
            </form>
            {props.colleagues.length > 0 ? (
              <form onSubmit={send(assignItemAction)} className="space-y-2">
                <input type="hidden" name="itemId" value={props.itemId} />
                <SelectField
                  id={id("assignee")}
                  name="assigneeId"
                  label={t("assignLabel")}
                  defaultValue={props.assigneeId === null ? "" : String(props.assigneeId)}
                  options={[
                    { value: "", label: t("unassigned") },
                    ...props.colleagues.map((c) => ({ value: String(c.id), label: c.email })),
                  ]}
                  error={error("assigneeId")}
                />
                <Button type="submit" variant="secondary" disabled={pending}>
                  {t("assign")}
                </Button>
              </form>
            ) : null}
          </div>
        ) : null}
      </details>
    </div>
  );
}
