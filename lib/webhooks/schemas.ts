import { z } from "zod";

/*
 * The inputs of the webhook commands (lib/webhooks/commands.ts) and their server actions.
 */

/**
 * Plain http is refused except to this machine: a notification names payments and people, and on the network it
 * must travel encrypted; a receiver on the loopback interface (a developer's chat bridge, the tests' receiver)
 * never leaves the machine, so TLS there would protect nothing.
 */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

/** Whether `text` is a URL the webhook may deliver to: https, or http to localhost / 127.0.0.1; no user:password. */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "webhooks.errors.urlFormat";
  }
  if (url.username !== "" || url.password !== "") return "webhooks.errors.urlCredentials";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return "webhooks.errors.urlHttps";
}

export const webhookUrl = z
  .string("webhooks.errors.url")
  .trim()
  .min(1, "webhooks.errors.url")
  .max(2048, "webhooks.errors.urlLong")
  .superRefine((value, ctx) => {
    if (value === "") return;
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const saveWebhookSchema = z.object({ url: webhookUrl });
export type SaveWebhookInput = z.output<typeof saveWebhookSchema>;

export const setWebhookEnabledSchema = z.object({
  enabled: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean()),
});

export const noInputSchema = z.object({}).passthrough();
