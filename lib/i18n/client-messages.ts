/*
 * The namespaces of lib/i18n/messages that client components look up in the browser. Without a
 * `messages` prop, NextIntlClientProvider serializes the whole catalogue into every page's HTML and
 * RSC payload; server components translate on the server and need none of it. client-messages.test.ts
 * scans the client modules and fails when a namespace they use is missing here.
 */
export const CLIENT_NAMESPACES = [
  "amount",
  "application",
  "audit",
  "banks",
  "callbackLog",
  "cardNumber",
  "confirm",
  "dataTable",
  "highhelpErrors",
  "interruptedSubmit",
  "lists",
  "login",
  "notifications",
  "password",
  "payinForm",
  "payoutForm",
  "preferences",
  "queue",
  "registerField",
  "registers",
  "reports",
  "savedViews",
  "secondFactor",
  "settlement",
  "ui",
  "users",
  "webhooks",
] as const;

export type ClientNamespace = (typeof CLIENT_NAMESPACES)[number];

/** The part of a catalogue the browser needs: its CLIENT_NAMESPACES. */
export function clientMessages<M extends Record<string, unknown>>(messages: M): Partial<M> {
  return Object.fromEntries(
    (CLIENT_NAMESPACES as readonly string[]).filter((ns) => ns in messages).map((ns) => [ns, messages[ns]]),
  ) as Partial<M>;
}
