/** The HTML side: the overview page at / and the payer's page at /pay/<request_id> (widget pay-ins: "I have paid" / cancel). */
import type http from "node:http";

import { messagePage, overviewPage, payPage } from "../pages";
import { pageLocale, pageWords } from "../words";
import type { Answer, RouteContext } from "./context";

export function handlePay(ctx: RouteContext, req: http.IncomingMessage, url: URL): Answer {
  const eng = ctx.engine;
  const locale = pageLocale(req.headers["accept-language"]);
  const w = pageWords(locale);
  const [requestId, action] = url.pathname.split("/").slice(2);
  const app = requestId === undefined ? undefined : eng.byRequestId(requestId);
  if (app === undefined) return { kind: "html", status: 404, html: messagePage(w.notFound, w.noPayment, locale) };
  if (req.method === "GET" && action === undefined) return { kind: "html", status: 200, html: payPage(app, locale) };
  if (req.method === "POST" && (action === "paid" || action === "cancel")) {
    if (app.flow !== "widget_payin") {
      return {
        kind: "html",
        status: 409,
        html: messagePage(w.notAvailable, w.h2hByMerchant, locale),
      };
    }
    const result = action === "paid" ? eng.confirm(app, "payer") : eng.cancel(app, "payer");
    if (!result.ok) return { kind: "html", status: result.status, html: messagePage(w.notPossible, result.reason, locale) };
    return { kind: "redirect", location: `/pay/${encodeURIComponent(app.request_id)}` };
  }
  return { kind: "html", status: 405, html: messagePage(w.notAllowed, w.usePayButtons, locale) };
}

export function handleOverview(ctx: RouteContext): Answer {
  const { engine: eng, store } = ctx;
  const html = overviewPage({
    baseUrl: ctx.baseUrl,
    registers: [...ctx.registers.values()],
    applications: eng.list(),
    callbacks: store.state.callback_log,
    balances: Object.fromEntries([...ctx.registers.keys()].map((projectId) => [projectId, eng.balances(projectId)])),
    faults: { global: eng.globalFaults(), by_payment_id: store.state.faults_by_payment_id },
  });
  return { kind: "html", status: 200, html };
}
