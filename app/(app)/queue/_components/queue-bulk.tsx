"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { useServerAction } from "@/components/use-server-action";
import { BULK_TAB_MAX, bulkInput, type BulkAction, type Resolution, type TabSelection } from "@/lib/work/schemas";
import { workOnItemsAction } from "../actions";
import { ResolutionFields } from "./resolution-fields";

/*
 * Working on several queue items at once: a tick box on each row and one for the page, and a bar above the table
 * that assigns the ticked items to the reader, snoozes or resolves them (resolving asks first: it cannot be undone).
 * With the whole page ticked, the bar offers the whole tab: then every action asks first, and works on the tab's
 * oldest BULK_TAB_MAX items at most.
 */

/** The tab the page shows: what "the whole tab" means to the server, and how many items it counted. */
export type QueueTab = TabSelection & { count: number; capped: boolean };

type Selection = {
  /** The ticked items that are on the page now (those resolved and refreshed away drop out). */
  selected: ReadonlySet<number>;
  ids: readonly number[];
  tab: QueueTab;
  /** The whole tab is chosen, not only the ticked items. */
  everything: boolean;
  toggle: (id: number, on: boolean) => void;
  setAll: (on: boolean) => void;
  chooseEverything: () => void;
};

const SelectionContext = createContext<Selection | null>(null);

function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error("queue selection used outside QueueSelection");
  return selection;
}

/** Holds which of the page's items (`ids`) are ticked, or that the whole tab is, for the tick boxes and the bar inside it. */
export function QueueSelection({ ids, tab, children }: { ids: readonly number[]; tab: QueueTab; children: ReactNode }) {
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set());
  const [everything, setEverything] = useState(false);
  const selection = useMemo<Selection>(
    () => ({
      selected: new Set(ids.filter((id) => chosen.has(id))),
      ids,
      tab,
      everything,
      toggle: (id, on) => {
        setEverything(false);
        setChosen((before) => {
          const next = new Set(before);
          if (on) next.add(id);
          else next.delete(id);
          return next;
        });
      },
      setAll: (on) => {
        setEverything(false);
        setChosen(on ? new Set(ids) : new Set());
      },
      chooseEverything: () => {
        setChosen(new Set(ids));
        setEverything(true);
      },
    }),
    [ids, tab, chosen, everything],
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

type Asking = { action: BulkAction; fields: Record<string, unknown> };

/** The actions on the ticked items (or the whole tab); without any ticked, a hint that they exist. */
export function QueueBulkBar() {
  const t = useTranslations("queue");
  const router = useRouter();
  const { selected, ids, tab, everything, setAll, chooseEverything } = useSelection();
  const { pending, run, error } = useServerAction();
  const [resolution, setResolution] = useState<Resolution>("resolved_at_gateway");
  const [asking, setAsking] = useState<Asking | null>(null);
  // A tab counted past the cap, or holding more than one round, is worked on from its oldest items.
  const oldest = tab.capped || tab.count > BULK_TAB_MAX;
  const count = everything ? Math.min(tab.count, BULK_TAB_MAX) : selected.size;
  const offerTab = !everything && ids.length > 0 && selected.size === ids.length && tab.count > ids.length;

  const chosen = () => (everything ? { tab: { reason: tab.reason, mine: tab.mine } } : { itemIds: [...selected] });
  const send = (action: BulkAction, fields: Record<string, unknown> = {}) => {
    run(
      workOnItemsAction,
      { ...fields, do: action, ...chosen() },
      (result) => {
        setAsking(null);
        if (result.message) toast.success(result.message);
        setAll(false);
        router.refresh();
      },
      () => setAsking(null),
    );
  };
  // What the server would refuse goes straight to it, for its messages next to the fields; the rest asks first when it
  // cannot be undone (resolving) or reaches beyond the page (the whole tab).
  const askOrSend = (action: BulkAction, fields: Record<string, unknown> = {}) => {
    const valid = bulkInput.safeParse({ ...fields, do: action, ...chosen() }).success;
    if (valid && (everything || action === "resolve")) setAsking({ action, fields });
    else send(action, fields);
  };
  const fieldsOf = (form: HTMLFormElement) => Object.fromEntries(new FormData(form)) as Record<string, unknown>;

  let status: string;
  if (everything) status = oldest ? t("bulk.selectedOldest", { count }) : t("bulk.selectedTab", { count });
  else status = count > 0 ? t("bulk.selected", { count }) : t("bulk.hint");
  const confirmTitle = {
    assign_to_me: t("bulk.confirmAssign", { count }),
    snooze: t("bulk.confirmSnooze", { count }),
    resolve: t("bulk.confirmTitle", { count }),
  };
  const confirmBody =
    asking?.action === "resolve"
      ? t("bulk.confirmBody", { resolution: t(`resolution.${resolution}`) })
      : t("bulk.confirmTabBody");
  const confirmLabel = { assign_to_me: t("assignToMe"), snooze: t("snooze"), resolve: t("resolve") };

  return (
    <section
      aria-label={t("bulk.label")}
      className="space-y-3 rounded-md bg-white p-3 text-sm ring-1 ring-slate-200"
      data-testid="queue-bulk"
    >
      <div className="flex flex-wrap items-center gap-3">
        <p role="status" className={count > 0 ? "font-medium text-slate-900" : "text-slate-600"}>
          {status}
        </p>
        {offerTab ? (
          <Button variant="ghost" className="text-indigo-700" disabled={pending} onClick={chooseEverything}>
            {oldest ? t("bulk.selectOldest", { count: BULK_TAB_MAX }) : t("bulk.selectTab", { count: tab.count })}
          </Button>
        ) : null}
        {count > 0 ? (
          <>
            <Button variant="secondary" disabled={pending} onClick={() => askOrSend("assign_to_me")}>
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
              askOrSend("snooze", fieldsOf(event.currentTarget));
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
              askOrSend("resolve", fieldsOf(event.currentTarget));
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
        title={asking ? confirmTitle[asking.action] : ""}
        body={confirmBody}
        confirmLabel={asking ? confirmLabel[asking.action] : ""}
        pending={pending}
        onConfirm={() => asking && send(asking.action, asking.fields)}
        onClose={() => setAsking(null)}
      />
    </section>
  );
}
