"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { useServerAction } from "@/components/use-server-action";
import { bulkInput, type BulkAction, type Resolution } from "@/lib/work/schemas";
import { workOnItemsAction } from "../actions";
import { ResolutionFields } from "./resolution-fields";

/*
 * Working on several queue items at once: a tick box on each row and one for the page, and a bar above the table
 * that assigns the ticked items to the reader, snoozes or resolves them (resolving asks first: it cannot be undone).
 */

type Selection = {
  /** The ticked items that are on the page now (those resolved and refreshed away drop out). */
  selected: ReadonlySet<number>;
  ids: readonly number[];
  toggle: (id: number, on: boolean) => void;
  setAll: (on: boolean) => void;
};

const SelectionContext = createContext<Selection | null>(null);

function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error("queue selection used outside QueueSelection");
  return selection;
}

/** Holds which of the page's items (`ids`) are ticked, for the tick boxes and the bar inside it. */
export function QueueSelection({ ids, children }: { ids: readonly number[]; children: ReactNode }) {
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set());
  const selection = useMemo<Selection>(
    () => ({
      selected: new Set(ids.filter((id) => chosen.has(id))),
      ids,
      toggle: (id, on) =>
        setChosen((before) => {
          const next = new Set(before);
          if (on) next.add(id);
          else next.delete(id);
          return next;
        }),
      setAll: (on) => setChosen(on ? new Set(ids) : new Set()),
    }),
    [ids, chosen],
  );
  return <SelectionContext.Provider value={selection}>{children}</SelectionContext.Provider>;
}

const BOX = "size-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600";

export function QueueSelectBox({ itemId, paymentId }: { itemId: number; paymentId: string }) {
  const t = useTranslations("queue.bulk");
  const { selected, toggle } = useSelection();
  return (
    <input
      type="checkbox"
      className={BOX}
      aria-label={t("selectRow", { paymentId })}
      checked={selected.has(itemId)}
      onChange={(event) => toggle(itemId, event.target.checked)}
      data-testid="queue-select"
    />
  );
}

export function QueueSelectAll() {
  const t = useTranslations("queue.bulk");
  const { selected, ids, setAll } = useSelection();
  const box = useRef<HTMLInputElement>(null);
  const all = ids.length > 0 && selected.size === ids.length;
  useEffect(() => {
    if (box.current) box.current.indeterminate = selected.size > 0 && !all;
  }, [selected.size, all]);
  return (
    <input
      ref={box}
      type="checkbox"
      className={BOX}
      aria-label={t("selectAll")}
      checked={all}
      onChange={(event) => setAll(event.target.checked)}
    />
  );
}

/** The actions on the ticked items; without any ticked, a hint that they exist. */
export function QueueBulkBar() {
  const t = useTranslations("queue");
  const router = useRouter();
  const { selected, setAll } = useSelection();
  const { pending, run, error } = useServerAction();
  const [resolution, setResolution] = useState<Resolution>("resolved_at_gateway");
  const [asking, setAsking] = useState<Record<string, unknown> | null>(null);
  const count = selected.size;

  const send = (action: BulkAction, fields: Record<string, unknown> = {}) => {
    run(
      workOnItemsAction,
      { ...fields, do: action, itemIds: [...selected] },
      (result) => {
        setAsking(null);
        if (result.message) toast.success(result.message);
        setAll(false);
        router.refresh();
      },
      () => setAsking(null),
    );
  };
  const fieldsOf = (form: HTMLFormElement) => Object.fromEntries(new FormData(form)) as Record<string, unknown>;

  return (
    <section
      aria-label={t("bulk.label")}
      className="space-y-3 rounded-md bg-white p-3 text-sm ring-1 ring-slate-200"
      data-testid="queue-bulk"
    >
      <div className="flex flex-wrap items-center gap-3">
        <p role="status" className={count > 0 ? "font-medium text-slate-900" : "text-slate-600"}>
          {count > 0 ? t("bulk.selected", { count }) : t("bulk.hint")}
        </p>
        {count > 0 ? (
          <>
            <Button variant="secondary" disabled={pending} onClick={() => send("assign_to_me")}>
              {t("assignToMe")}
            </Button>
            <Button variant="secondary" disabled={pending} onClick={() => setAll(false)}>
              {t("bulk.clear")}
            </Button>
          </>
        ) : null}
      </div>
      {count > 0 ? (
        <>
          <form
            className="flex flex-wrap items-end gap-2"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              send("snooze", fieldsOf(event.currentTarget));
            }}
          >
            <Field id="bulk-until" name="until" type="date" label={t("snoozeLabel")} required error={error("until")} />
            <Button type="submit" variant="secondary" disabled={pending}>
              {t("snooze")}
            </Button>
          </form>
          <form
            className="flex flex-wrap items-end gap-2"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              const fields = fieldsOf(event.currentTarget);
              // What the server would refuse goes straight to it, for its messages next to the fields; the rest asks first.
              if (bulkInput.safeParse({ ...fields, do: "resolve", itemIds: [...selected] }).success) setAsking(fields);
              else send("resolve", fields);
            }}
          >
            <ResolutionFields
              id={(name) => `bulk-${name}`}
              resolution={resolution}
              onResolution={setResolution}
              error={error}
              fieldClass="w-full sm:w-64"
              noteClass="w-full min-w-64 flex-1"
              noteRows={1}
            />
            <Button type="submit" disabled={pending}>
              {t("resolve")}
            </Button>
          </form>
        </>
      ) : null}
      <ConfirmDialog
        open={asking !== null}
        title={t("bulk.confirmTitle", { count })}
        body={t("bulk.confirmBody", { resolution: t(`resolution.${resolution}`) })}
        confirmLabel={t("resolve")}
        pending={pending}
        onConfirm={() => asking && send("resolve", asking)}
        onClose={() => setAsking(null)}
      />
    </section>
  );
}
