/**
 * The sandbox's HTML pages: the overview at `/` (applications, callbacks, balances per cash
 * register, the outcome table), the merchant cabinet at `/cabinet` (new cash registers), and the
 * payer's page at `/pay/<request_id>` (the `form_url` of pay-ins), where a demo user plays the
 * payer of a widget pay-in.
 */
import type { MerchantCopy } from "./cabinet";
import { SANDBOX_CURRENCIES } from "./catalogue";
import { OUTCOME_RULES } from "./outcomes";
import type { Balance, CallbackAttempt, SandboxApplication } from "./state";
import { formError, pageWords, type PageLocale, type PageWords } from "./words";

function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function money(minor: number, currency: string, locale: PageLocale = "en"): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100).toLocaleString(locale === "ru" ? "ru-RU" : "en-US");
  return `${sign}${units}${locale === "ru" ? "," : "."}${String(abs % 100).padStart(2, "0")} ${currency}`;
}

function statusText(app: { status: string; sub_status: string | null }): string {
  return app.sub_status === null ? app.status : `${app.status}:${app.sub_status}`;
}

function unixTime(seconds: number | null): string {
  return seconds === null
    ? ""
    : new Date(seconds * 1000)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC");
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2433;background:#f7f8fa}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #dde1e7;padding:4px 8px;text-align:left;vertical-align:top;font-size:13px}
th{background:#eef1f5}code{font-size:12px}.muted{color:#667085}
.final-success{color:#067647;font-weight:600}.final-decline{color:#b42318;font-weight:600}
.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:20px;max-width:520px}
.row{display:flex;justify-content:space-between;border-bottom:1px dashed #e4e7ec;padding:6px 0}
button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #98a2b3;background:#fff;cursor:pointer}
button.primary{background:#1570ef;border-color:#1570ef;color:#fff}form{display:inline}
form.stack{display:block}fieldset{border:1px solid #dde1e7;border-radius:6px;margin:12px 0;padding:8px 12px}
label.line{display:block;margin:12px 0 4px;font-weight:600}input[type=text]{font:inherit;padding:6px 8px;width:100%;box-sizing:border-box}
.error{color:#b42318;margin:4px 0}pre.key{background:#f2f4f7;padding:8px;white-space:pre-wrap;word-break:break-all;font-size:12px}
`;

function layout(title: string, body: string, refreshSeconds?: number, locale: PageLocale = "en"): string {
  const refresh = refreshSeconds === undefined ? "" : `<meta http-equiv="refresh" content="${refreshSeconds}">`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">${refresh}<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function statusClass(status: string): string {
  return status === "success" ? "final-success" : status === "decline" ? "final-decline" : "";
}

export function overviewPage(data: {
  baseUrl: string;
  registers: { projectId: string; name: string }[];
  applications: SandboxApplication[];
  callbacks: CallbackAttempt[];
  /** By project_id. */
  balances: Record<string, Record<string, Balance>>;
  faults: unknown;
}): string {
  const apps = data.applications
    .map(
      (app) => `<tr>
<td><code>${escapeHtml(app.payment_id)}</code></td><td>${escapeHtml(app.flow)}${app.widget_method === null ? "" : ` <span class="muted">${escapeHtml(app.widget_method)}</span>`}</td>
<td class="${statusClass(app.status)}">${escapeHtml(statusText(app))}${app.status_description === null ? "" : `<br><span class="muted">${escapeHtml(app.status_description)}</span>`}</td>
<td>${escapeHtml(money(app.amount, app.currency))}${app.amount === app.initial_amount ? "" : ` <span class="muted">(created ${escapeHtml(money(app.initial_amount, app.currency))})</span>`}</td>
<td>${escapeHtml(app.rule)}</td><td>${escapeHtml(unixTime(app.updated_date))}</td>
<td>${app.form_url === null ? "" : `<a href="/pay/${encodeURIComponent(app.request_id)}">page</a> · `}<a href="/sandbox/applications/${encodeURIComponent(app.payment_id)}">json</a></td>
</tr>`,
    )
    .join("");
  const callbacks = data.callbacks
    .slice(-50)
    .reverse()
    .map(
      (
        c,
      ) => `<tr><td>${escapeHtml(c.at)}</td><td><code>${escapeHtml(c.payment_id)}</code></td><td>${escapeHtml(statusText(c))}</td>
<td>${escapeHtml(c.url)}</td><td>${escapeHtml(c.attempt)}${c.copy > 1 ? ` (copy ${c.copy})` : ""}</td>
<td>${escapeHtml(c.http_status ?? c.error ?? "")}${c.gave_up ? " · gave up" : ""}</td><td>${escapeHtml(c.faults.join(", "))}</td></tr>`,
    )
    .join("");
  const balances = data.registers
    .flatMap((register) =>
      Object.entries(data.balances[register.projectId] ?? {}).map(
        ([currency, b]) =>
          `<tr><td>${escapeHtml(register.name)}</td><td>${escapeHtml(currency)}</td><td>${escapeHtml(money(b.amount, currency))}</td><td>${escapeHtml(money(b.locked_amount, currency))}</td></tr>`,
      ),
    )
    .join("");
  const rules = OUTCOME_RULES.map(
    (r) => `<tr><td><code>${escapeHtml(r.digits)}</code></td><td>${escapeHtml(r.summary)}</td></tr>`,
  ).join("");
  return layout(
    "HighHelp sandbox",
    `<h1>HighHelp sandbox gateway</h1>
<p class="muted">${escapeHtml(data.baseUrl)} · cash registers ${data.registers.map((r) => `${escapeHtml(r.name)} <code>${escapeHtml(r.projectId)}</code>`).join(", ")} · <a href="/cabinet">Cabinet: new cash register</a> · page refreshes every 5 s · JSON: <a href="/sandbox/applications">/sandbox/applications</a>, <a href="/sandbox/callbacks">/sandbox/callbacks</a>, <a href="/sandbox/faults">/sandbox/faults</a></p>
<h2>Applications (${data.applications.length})</h2>
<table><tr><th>payment_id</th><th>flow</th><th>status</th><th>amount</th><th>rule</th><th>updated</th><th></th></tr>${apps || `<tr><td colspan="7" class="muted">None yet.</td></tr>`}</table>
<h2>Callbacks (latest 50 attempts)</h2>
<table><tr><th>at</th><th>payment_id</th><th>status</th><th>url</th><th>attempt</th><th>result</th><th>faults</th></tr>${callbacks || `<tr><td colspan="7" class="muted">None yet.</td></tr>`}</table>
<h2>Balances (each cash register its own)</h2>
<table><tr><th>cash register</th><th>currency</th><th>available</th><th>locked</th></tr>${balances}</table>
<h2>Faults</h2><pre>${escapeHtml(JSON.stringify(data.faults, null, 2))}</pre>
<h2>Outcome by the last two digits of the amount (minor units)</h2>
<table><tr><th>digits</th><th>what happens</th></tr>${rules}</table>`,
    5,
  );
}

function row(label: string, value: string): string {
  return `<div class="row"><span class="muted">${escapeHtml(label)}</span><strong>${escapeHtml(value)}</strong></div>`;
}

/** The payer's page: instructions, and for widget pay-ins the two buttons that drive the application. */
export function payPage(app: SandboxApplication, locale: PageLocale = "en"): string {
  const w = pageWords(locale);
  const action = `/pay/${encodeURIComponent(app.request_id)}`;
  const final = app.status === "success" || app.status === "decline";
  const awaiting = app.status === "processing" && app.sub_status === "awaiting_confirm";
  const widget = app.flow === "widget_payin";
  const lines = [
    row(w.order, app.payment_id),
    row(w.amount, money(app.amount, app.currency, locale)),
    row(w.status, statusText(app)),
  ];
  if (app.status_description !== null) lines.push(row(w.details, app.status_description));
  if (app.requisites !== null && !final) {
    const r = app.requisites;
    lines.push(
      row(r.pan === r.phone ? w.toPhone : w.toCard, r.pan),
      row(w.cardHolder, r.card_holder),
      row(w.bank, `${r.bank_name} (${r.bank_country})`),
    );
  }
  if (app.valid_until !== null && !final) lines.push(row(w.validUntil, unixTime(app.valid_until)));

  let actions = "";
  if (final) {
    actions = app.redirect_url === null ? "" : `<p><a href="${escapeHtml(app.redirect_url)}">${escapeHtml(w.backToShop)}</a></p>`;
  } else if (!widget) {
    actions = `<p class="muted">${escapeHtml(w.h2hNote)}</p>`;
  } else if (awaiting) {
    const pay = app.widget_kind === "ecom" ? w.payByCard : w.paid;
    actions = `<p><form method="post" action="${action}/paid"><button class="primary" type="submit">${escapeHtml(pay)}</button></form>
<form method="post" action="${action}/cancel"><button type="submit">${escapeHtml(w.cancel)}</button></form></p>`;
  } else {
    actions = `<p class="muted">${escapeHtml(w.preparing)}</p><p><form method="post" action="${action}/cancel"><button type="submit">${escapeHtml(w.cancel)}</button></form></p>`;
  }
  return layout(
    w.payment(app.payment_id),
    `<div class="card"><h1>${escapeHtml(w.payTitle)}</h1><p class="muted">${escapeHtml(w.payIntro)}</p>${lines.join("")}${actions}</div>`,
    // Refresh while something else moves the application, not while the payer has to act.
    final || (widget && awaiting) ? undefined : 2,
    locale,
  );
}

export function messagePage(title: string, message: string, locale: PageLocale = "en"): string {
  return layout(
    title,
    `<div class="card"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">${escapeHtml(pageWords(locale).overview)}</a></p></div>`,
    undefined,
    locale,
  );
}

/** The cabinet: the registers the sandbox serves and the "New cash register" form (with the last attempt's values and messages). */
export function cabinetPage(data: {
  registers: { projectId: string; name: string; currencies: string[]; requestAlgorithm: string }[];
  values?: { name?: string; algorithm?: string; currencies?: string[] };
  errors?: Record<string, string>;
  locale?: PageLocale;
}): string {
  const locale = data.locale ?? "en";
  const w = pageWords(locale);
  const values = data.values ?? {};
  const errors = data.errors ?? {};
  const error = (field: string) =>
    errors[field] === undefined ? "" : `<p class="error" id="error-${field}">${escapeHtml(formError(w, errors[field]))}</p>`;
  const described = (field: string) => (errors[field] === undefined ? "" : ` aria-describedby="error-${field}"`);
  const algorithm = values.algorithm ?? "rsa";
  const rows = data.registers
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.name)}</td><td><code>${escapeHtml(r.projectId)}</code></td><td>${escapeHtml(r.currencies.join(", "))}</td><td>${escapeHtml(r.requestAlgorithm.toUpperCase())}</td></tr>`,
    )
    .join("");
  const algorithms = (Object.keys(w.algorithms) as (keyof PageWords["algorithms"])[])
    .map(
      (a) =>
        `<label><input type="radio" name="algorithm" value="${a}"${a === algorithm ? " checked" : ""}> ${escapeHtml(w.algorithms[a])}</label><br>`,
    )
    .join("");
  const currencies = SANDBOX_CURRENCIES.map(
    (c) =>
      `<label><input type="checkbox" name="currency" value="${c}"${values.currencies?.includes(c) ? " checked" : ""}> ${c}</label> `,
  ).join("");
  return layout(
    w.cabinetTitle,
    `<h1>${escapeHtml(w.cabinetHeading)}</h1>
<p class="muted"><a href="/">${escapeHtml(w.overview)}</a> · ${escapeHtml(w.cabinetIntro)}</p>
<h2>${escapeHtml(w.registers)}</h2>
<table data-testid="cabinet-registers"><tr>${w.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>${rows}</table>
<h2>${escapeHtml(w.newRegister)}</h2>
<div class="card"><form class="stack" method="post" action="/cabinet/registers" novalidate>
${error("")}
<label class="line" for="name">${escapeHtml(w.name)}</label><input type="text" id="name" name="name" maxlength="100" value="${escapeHtml(values.name ?? "")}"${described("name")}>
${error("name")}
<fieldset${described("algorithm")}><legend>${escapeHtml(w.algorithm)}</legend>${algorithms}</fieldset>
${error("algorithm")}
<fieldset${described("currencies")}><legend>${escapeHtml(w.currencies)}</legend>${currencies}</fieldset>
${error("currencies")}
<p><button class="primary" type="submit">${escapeHtml(w.create)}</button></p>
</form></div>`,
    undefined,
    locale,
  );
}

/** Shown once after the form: what the merchant pastes into the back-office's "Add register" form. */
export function registerCreatedPage(copy: MerchantCopy, baseUrl: string, locale: PageLocale = "en"): string {
  const w = pageWords(locale);
  const rsa = copy.request_algorithm === "rsa";
  const requestLabel = rsa ? w.requestKeyRsa : w.requestKeyHmac;
  const alertLabel = rsa ? w.alertKeyRsa : w.alertKeyHmac;
  return layout(
    w.createdTitle(copy.name),
    `<h1>${escapeHtml(w.created)}</h1>
<p class="muted"><a href="/cabinet">${escapeHtml(w.backToCabinet)}</a> · <a href="/">${escapeHtml(w.overview)}</a></p>
<div class="card" style="max-width:760px">
<p>${escapeHtml(w.pasteThese)}</p>
<div class="row"><span class="muted">${escapeHtml(w.name)}</span><strong data-testid="register-name">${escapeHtml(copy.name)}</strong></div>
<div class="row"><span class="muted">project_id</span><code data-testid="project-id">${escapeHtml(copy.project_id)}</code></div>
<div class="row"><span class="muted">${escapeHtml(w.apiUrl)}</span><code data-testid="api-url">${escapeHtml(baseUrl)}</code></div>
<div class="row"><span class="muted">${escapeHtml(w.currencies)}</span><strong data-testid="currencies">${escapeHtml(copy.currencies.join(", "))}</strong></div>
<div class="row"><span class="muted">${escapeHtml(w.signing)}</span><strong data-testid="algorithm">${escapeHtml(copy.request_algorithm.toUpperCase())}</strong></div>
<h2 id="request-key-title">${escapeHtml(requestLabel)}</h2>
<pre class="key" data-testid="request-key" aria-labelledby="request-key-title">${escapeHtml(copy.request_key)}</pre>
<h2 id="alert-key-title">${escapeHtml(alertLabel)}</h2>
<pre class="key" data-testid="alert-key" aria-labelledby="alert-key-title">${escapeHtml(copy.alert_key)}</pre>
<p class="muted">${escapeHtml(w.nothingMore)}</p>
</div>`,
    undefined,
    locale,
  );
}
