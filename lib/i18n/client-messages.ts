/*
 * The message paths of lib/i18n/messages that client components look up in the browser: a top-level namespace, or a
 * part of one where the browser uses only that part. Without a `messages` prop, NextIntlClientProvider serializes the
 * whole catalogue into every page's HTML and RSC payload; server components translate on the server and need none of it.
 *
 * Two levels. The root layout sends SHARED_CLIENT_PATHS on every page: the navigation, notifications, step-up, error
 * boundaries and the lists' widgets. A route folder whose pages need more (a form, a panel) has a layout that wraps
 * its pages in RouteMessages (components/route-messages.tsx), which sends that folder's ROUTE_CLIENT_PATHS instead:
 * a nested provider replaces the outer one's messages for what it wraps, so the list names everything the folder's
 * client components look up, shared widgets included. client-messages.test.ts follows every route file's imports to
 * the client modules it renders and fails when a path they use is not sent there, or a path sent is not used.
 */

/** What every page sends. */
export const SHARED_CLIENT_PATHS = [
  "audit.loadError",
  "audit.title",
  "callbackLog.loadError",
  "callbackLog.title",
  "dataTable.any",
  "dataTable.apply",
  "dataTable.applying",
  "dataTable.dateOrder",
  "dataTable.errorBody",
  "dataTable.filters",
  "dataTable.reset",
  "dataTable.retry",
  "lists.loadError",
  "lists.title",
  "notifications",
  "reports.loadError",
  "reports.navLabel",
  "savedViews.by",
  "savedViews.clearDefault",
  "savedViews.current",
  "savedViews.default",
  "savedViews.delete",
  "savedViews.deleteLabel",
  "savedViews.label",
  "savedViews.makeDefault",
  "savedViews.makeDefaultLabel",
  "savedViews.menu",
  "savedViews.mine",
  "savedViews.name",
  "savedViews.namePlaceholder",
  "savedViews.none",
  "savedViews.save",
  "savedViews.share",
  "savedViews.shared",
  "secondFactor.stepUp",
  "secondFactor.verify",
  "settlement.snapshot",
  "ui.pageError",
] as const;

/** What the pages under a route folder (its path under app/) send, through the RouteMessages in its layout. */
export const ROUTE_CLIENT_PATHS = {
  "(app)/applications": [
    "application.done",
    "application.instructions",
    "application.operations",
    "application.payout",
    "callbackLog.actions",
    "cardNumber.masked",
    "confirm.approvePayout",
    "confirm.rejectPayout",
    "confirm.resendPayout",
    "queue.addNote",
    "queue.addNoteLabel",
    "secondFactor.stepUp",
    "secondFactor.verify",
    "ui.copy",
    "ui.dialog",
  ],
  "(app)/approvals": [
    "application.payout",
    "cardNumber.masked",
    "confirm.approvePayout",
    "confirm.rejectPayout",
    "confirm.resendPayout",
    "secondFactor.stepUp",
    "secondFactor.verify",
    "ui.dialog",
  ],
  "(app)/callbacks/[ref]": ["callbackLog.actions", "secondFactor.stepUp", "secondFactor.verify", "ui.dialog"],
  "(app)/payins/new": [
    "amount",
    "banks",
    "highhelpErrors",
    "interruptedSubmit",
    "payinForm.amount",
    "payinForm.amountHint",
    "payinForm.amountPlaceholder",
    "payinForm.anyBank",
    "payinForm.bank",
    "payinForm.bankListOf",
    "payinForm.banksRefreshedShort",
    "payinForm.countryPlaceholder",
    "payinForm.create",
    "payinForm.created",
    "payinForm.creating",
    "payinForm.currency",
    "payinForm.customerCountry",
    "payinForm.customerEmail",
    "payinForm.customerId",
    "payinForm.description",
    "payinForm.flowP2p",
    "payinForm.flowWidget",
    "payinForm.integration",
    "payinForm.lifetime",
    "payinForm.lifetimeHint",
    "payinForm.method",
    "payinForm.noBankList",
    "payinForm.noMethod",
    "payinForm.refreshBanks",
    "payinForm.refreshing",
    "payinForm.unknown",
    "registerField",
    "registers",
    "secondFactor.stepUp",
    "secondFactor.verify",
  ],
  "(app)/payouts/new": [
    "amount",
    "banks",
    "cardNumber.masked",
    "highhelpErrors",
    "interruptedSubmit",
    "payoutForm.amount",
    "payoutForm.amountHint",
    "payoutForm.amountPlaceholder",
    "payoutForm.cardHolder",
    "payoutForm.cardHolderPlaceholder",
    "payoutForm.checking",
    "payoutForm.country",
    "payoutForm.countryPlaceholder",
    "payoutForm.created",
    "payoutForm.currency",
    "payoutForm.customer",
    "payoutForm.customerEmail",
    "payoutForm.customerId",
    "payoutForm.description",
    "payoutForm.descriptionPlaceholder",
    "payoutForm.edit",
    "payoutForm.firstName",
    "payoutForm.lastName",
    "payoutForm.method",
    "payoutForm.methods",
    "payoutForm.needsApproval",
    "payoutForm.noMethod",
    "payoutForm.pan",
    "payoutForm.phone",
    "payoutForm.phoneHint",
    "payoutForm.refused",
    "payoutForm.review",
    "payoutForm.reviewIntro",
    "payoutForm.reviewTitle",
    "payoutForm.row",
    "payoutForm.send",
    "payoutForm.sending",
    "payoutForm.submitForApproval",
    "payoutForm.unknown",
    "registerField",
    "registers",
    "secondFactor.stepUp",
    "secondFactor.verify",
  ],
  "(app)/registers": [
    "amount",
    "banks",
    "confirm",
    "highhelpErrors",
    "registers",
    "secondFactor.stepUp",
    "secondFactor.verify",
    "ui.copy",
    "ui.dialog",
  ],
  "(app)/settings": [
    "secondFactor.stepUp",
    "secondFactor.verify",
    "ui.copy",
    "ui.dialog",
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
  ],
  "(app)/users": [
    "confirm.disableUser",
    "secondFactor.stepUp",
    "secondFactor.users",
    "secondFactor.verify",
    "ui.dialog",
    "users.create",
    "users.oneTime",
    "users.roleName",
    "users.row",
    "users.scope",
  ],
  "(app)/queue": [
    "queue.assign",
    "queue.assignLabel",
    "queue.assignToMe",
    "queue.bulk",
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
    "secondFactor.stepUp",
    "secondFactor.verify",
    "ui.dialog",
  ],
  "(app)/preferences": [
    "preferences.language",
    "preferences.save",
    "preferences.saving",
    "preferences.timeZone",
    "secondFactor.stepUp",
    "secondFactor.verify",
  ],
  account: [
    "password.changed",
    "password.confirm",
    "password.current",
    "password.new",
    "password.pending",
    "password.submit",
    "secondFactor.security",
    "secondFactor.stepUp",
    "secondFactor.verify",
  ],
  login: ["login.email", "login.password", "login.pending", "login.submit"],
} as const satisfies Record<string, readonly string[]>;

export type MessageRoute = keyof typeof ROUTE_CLIENT_PATHS;

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => typeof value === "object" && value !== null;

/** Each catalogue's picks, per route ("" for the shared paths): every page asks again, and a catalogue never changes. */
const picks = new WeakMap<object, Map<string, Tree>>();

/** The part of a catalogue the browser needs: the shared paths, or those of a route folder. */
export function clientMessages<M extends Tree>(messages: M, route?: MessageRoute): Partial<M> {
  let byRoute = picks.get(messages);
  if (!byRoute) picks.set(messages, (byRoute = new Map()));
  let picked = byRoute.get(route ?? "");
  if (!picked) byRoute.set(route ?? "", (picked = pickPaths(messages, route ? ROUTE_CLIENT_PATHS[route] : SHARED_CLIENT_PATHS)));
  return picked as Partial<M>;
}

/** The messages under `paths`, in the catalogue's nesting. */
export function pickPaths(messages: Tree, paths: readonly string[]): Tree {
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
