/*
 * The message paths of lib/i18n/messages that client components look up in the browser: a top-level
 * namespace, or a part of one where the browser uses only that part. Without a `messages` prop,
 * NextIntlClientProvider serializes the whole catalogue into every page's HTML and RSC payload; server
 * components translate on the server and need none of it. client-messages.test.ts scans the client
 * modules and fails when a path they use is not covered here, or when a path here is not used.
 */
export const CLIENT_NAMESPACES = [
  "amount",
  "application.done",
  "application.instructions",
  "application.operations",
  "application.payout",
  "audit.loadError",
  "audit.title",
  "banks",
  "callbackLog.actions",
  "callbackLog.loadError",
  "callbackLog.title",
  "cardNumber.masked",
  "confirm",
  "dataTable",
  "highhelpErrors",
  "interruptedSubmit",
  "lists.loadError",
  "lists.title",
  "login",
  "notifications",
  "password",
  "payinForm",
  "payoutForm",
  "preferences.language",
  "preferences.save",
  "preferences.saving",
  "preferences.timeZone",
  "queue.addNote",
  "queue.addNoteLabel",
  "queue.assign",
  "queue.assignLabel",
  "queue.assignToMe",
  "queue.noteLabel",
  "queue.noteRequiredLabel",
  "queue.resolution",
  "queue.resolutionLabel",
  "queue.resolve",
  "queue.snooze",
  "queue.snoozeLabel",
  "queue.ticketHint",
  "queue.ticketLabel",
  "queue.unassigned",
  "queue.work",
  "registerField",
  "registers",
  "reports.loadError",
  "reports.navLabel",
  "savedViews",
  "secondFactor.security",
  "secondFactor.stepUp",
  "secondFactor.users",
  "secondFactor.verify",
  "settlement.snapshot",
  "ui",
  "users.create",
  "users.oneTime",
  "users.roleName",
  "users.row",
  "users.scope",
  "webhooks.copySecret",
  "webhooks.create",
  "webhooks.disable",
  "webhooks.done",
  "webhooks.enable",
  "webhooks.rotate",
  "webhooks.rotateBody",
  "webhooks.rotateTitle",
  "webhooks.save",
  "webhooks.secretOnce",
  "webhooks.sendTest",
  "webhooks.url",
  "webhooks.urlHint",
  "webhooks.urlPlaceholder",
] as const;

export type ClientNamespace = (typeof CLIENT_NAMESPACES)[number];

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => typeof value === "object" && value !== null;

/** Each catalogue's pick of CLIENT_NAMESPACES: every page's layout asks for it, and a catalogue never changes. */
const picks = new WeakMap<object, Tree>();

/** The part of a catalogue the browser needs: the messages under `paths`, in the catalogue's nesting. */
export function clientMessages<M extends Tree>(messages: M, paths: readonly string[] = CLIENT_NAMESPACES): Partial<M> {
  if (paths !== CLIENT_NAMESPACES) return pick(messages, paths) as Partial<M>;
  let picked = picks.get(messages);
  if (!picked) picks.set(messages, (picked = pick(messages, paths)));
  return picked as Partial<M>;
}

function pick(messages: Tree, paths: readonly string[]): Tree {
  const picked: Tree = {};
  // A path under another listed one is already picked with it; skipping it keeps from writing into the catalogue.
  for (const path of paths.filter((p) => !paths.some((q) => p.startsWith(`${q}.`)))) {
    const keys = path.split(".");
    let value: unknown = messages;
    for (const key of keys) value = isTree(value) ? value[key] : undefined;
    if (value === undefined) continue;
    let into = picked;
    for (const key of keys.slice(0, -1)) into = (into[key] ??= {}) as Tree;
    into[keys.at(-1)!] = value;
  }
  return picked;
}
