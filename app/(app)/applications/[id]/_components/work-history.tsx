import { getTranslations } from "@/lib/i18n/server";
import { DateTime } from "@/components/date-time";
import type { Database } from "@/lib/server/db";
import { applicationWork } from "@/lib/work/queries";
import { NoteForm } from "./note-form";

/** The application's queue history (each item, its assignee and resolution) and its thread of notes. */
export async function WorkHistory({ db, applicationId, mayWrite }: { db: Database; applicationId: number; mayWrite: boolean }) {
  const { items, notes } = await applicationWork(db, applicationId);
  if (items.length === 0 && notes.length === 0 && !mayWrite) return null;
  const t = await getTranslations();
  return (
    <section aria-labelledby="work-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200" data-testid="work-history">
      <h2 id="work-title" className="mb-3 text-base font-semibold">
        {t("queue.history.title")}
      </h2>
      {items.length > 0 ? (
        <ul className="mb-4 space-y-2 text-sm">
          {items.map((item) => (
            <li key={item.id} data-testid="work-item">
              <span className="font-medium">{t(`queue.reason.${item.reason}`)}</span>
              <span className="text-slate-600">
                {" · "}
                {t("queue.history.opened")} <DateTime at={item.createdAt} unit="minute" />
              </span>
              {item.assigneeEmail ? (
                <span className="text-slate-600"> · {t("queue.history.assignee", { email: item.assigneeEmail })}</span>
              ) : null}
              {item.resolvedAt ? (
                <p className="text-slate-700" data-testid="work-resolution">
                  {t(`queue.resolution.${item.resolution ?? "auto"}`)}
                  {item.ticketRef ? ` · ${t("queue.history.ticket", { ticket: item.ticketRef })}` : ""}
                  {item.resolvedByEmail ? ` · ${item.resolvedByEmail}` : ""} · <DateTime at={item.resolvedAt} unit="minute" />
                </p>
              ) : (
                <p className="text-amber-800">{t("queue.history.open")}</p>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <h3 className="mb-2 text-sm font-semibold">{t("queue.history.notes")}</h3>
      {notes.length === 0 ? (
        <p className="text-sm text-slate-600">{t("queue.history.noNotes")}</p>
      ) : (
        <ol className="mb-3 space-y-2 text-sm">
          {notes.map((note) => (
            <li key={note.id} data-testid="work-note">
              <p className="whitespace-pre-wrap text-slate-900">{note.body}</p>
              <p className="text-xs text-slate-600">
                {note.authorEmail ?? "—"} · <DateTime at={note.createdAt} unit="minute" />
              </p>
            </li>
          ))}
        </ol>
      )}
      {mayWrite ? <NoteForm applicationId={applicationId} /> : null}
    </section>
  );
}
