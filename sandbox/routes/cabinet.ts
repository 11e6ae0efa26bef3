/**
 * The merchant cabinet at /cabinet: the "New cash register" form (plain HTML, no script) and its
 * POST /cabinet/registers, which answers the page with the new register's project_id and keys.
 */
import type http from "node:http";

import { generateRegister, merchantCopy, parseNewRegister } from "../cabinet";
import { cabinetPage, messagePage, registerCreatedPage } from "../pages";
import { pageLocale, pageWords, type PageLocale } from "../words";
import type { Answer, RouteContext } from "./context";

function page(
  ctx: RouteContext,
  locale: PageLocale,
  status: number,
  extra: Omit<Parameters<typeof cabinetPage>[0], "registers" | "locale"> = {},
): Answer {
  return { kind: "html", status, html: cabinetPage({ registers: [...ctx.registers.values()], locale, ...extra }) };
}

/** A form posted from another site's page must not make registers: the browser names its origin. */
function foreignOrigin(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  return origin !== `http://${req.headers.host ?? ""}`;
}

export async function handleCabinet(ctx: RouteContext, req: http.IncomingMessage, url: URL): Promise<Answer> {
  const path = url.pathname.replace(/\/+$/, "");
  const locale = pageLocale(req.headers["accept-language"]);
  const w = pageWords(locale);
  if (path === "/cabinet" && (req.method === "GET" || req.method === "HEAD")) return page(ctx, locale, 200);
  if (path === "/cabinet/registers" && req.method === "POST") {
    if (foreignOrigin(req)) {
      return { kind: "html", status: 403, html: messagePage(w.notAllowed, w.useOwnCabinet, locale) };
    }
    const read = await ctx.readBody(req);
    if (!read.ok) return read.answer;
    const form = new URLSearchParams(read.text);
    const values = {
      name: form.get("name") ?? undefined,
      algorithm: form.get("algorithm") ?? undefined,
      currencies: form.getAll("currency"),
    };
    const parsed = parseNewRegister(values);
    if (!parsed.ok) {
      const errors: Record<string, string> = {};
      for (const e of parsed.errors) errors[e.field] ??= e.message;
      return page(ctx, locale, 400, { values, errors });
    }
    const register = generateRegister(parsed.value);
    ctx.addRegister(register);
    return { kind: "html", status: 201, html: registerCreatedPage(merchantCopy(register), ctx.baseUrl, locale) };
  }
  if (path === "/cabinet" || path === "/cabinet/registers") {
    return { kind: "html", status: 405, html: messagePage(w.notAllowed, w.useCabinetForm, locale) };
  }
  return { kind: "html", status: 404, html: messagePage(w.notFound, w.nothingHere, locale) };
}
