/**
 * The sandbox's business side: applications, their lifecycles and timers, balances, faults, and
 * the alert that every status change produces. HTTP lives in server.ts; this file never sees a
 * request.
 */
import { randomUUID } from "node:crypto";

import { maskPan } from "@/lib/highhelp";

import type { Deliveries } from "./callbacks";
import { bankForPayin, maskName, recipientRequisites } from "./catalogue";
import { effectiveFaults, type FaultOverrides, type FaultSet } from "./faults";
import { isFinal, nextTarget, plannedStep, type Target } from "./lifecycle";
import { outcomeFor, outcomeRuleFor } from "./outcomes";
import { initialState, type Balance, type ChangeSource, type Flow, type SandboxApplication, type StateStore } from "./state";
import { alertBody, alertKindFor } from "./views";

export const CANCELED_BY_CLIENT = "Canceled by client";
export const INSUFFICIENT_BALANCE = "Insufficient balance";

export interface NewApplication {
  project_id: string;
  flow: Flow;
  widget_kind: "ecom" | "p2p" | null;
  payment_id: string;
  amount: number;
  currency: string;
  lifetime: number | null;
  method: string | null;
  payment_system: string | null;
  widget_method: string | null;
  bank_symbol: string | null;
  callback_urls: SandboxApplication["callback_urls"];
  redirect_url: string | null;
  sender: SandboxApplication["sender"];
  receiver: SandboxApplication["receiver"];
}

/** A refusal of an action, answered 409 (or 404) by the HTTP side. */
export type ActionResult = { ok: true; app: SandboxApplication } | { ok: false; status: 404 | 409; reason: string };

export interface EngineConfig {
  store: StateStore;
  deliveries: Deliveries;
  /** `http://127.0.0.1:<port>`: for form_url, confirm_url, reject_url. */
  baseUrl: string;
  stepMs: number;
  startFaults: FaultSet;
  /** A register's book when it is first used (and after a reset): its currencies at their start balances. */
  startBook: (projectId: string) => Record<string, Balance>;
  log: (line: string) => void;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function describe(app: { status: string; sub_status: string | null }): string {
  return app.sub_status === null ? app.status : `${app.status}:${app.sub_status}`;
}

export function createEngine(config: EngineConfig) {
  const { store, deliveries } = config;
  const timers = new Map<string, NodeJS.Timeout>();
  let globalFaults: FaultSet = { ...config.startFaults };
  let stopped = false;

  const state = () => store.state;

  function faultsFor(paymentId: string | null): FaultSet {
    return paymentId === null ? globalFaults : effectiveFaults(globalFaults, state().faults_by_payment_id[paymentId]);
  }

  function book(projectId: string): Record<string, Balance> {
    const books = state().balances;
    books[projectId] ??= config.startBook(projectId);
    return books[projectId];
  }

  /** A currency outside the register's own starts at nothing: payouts in it are declined for the balance. */
  function balance(projectId: string, currency: string): Balance {
    const b = book(projectId);
    b[currency] ??= { amount: 0, locked_amount: 0 };
    return b[currency];
  }

  /** Money moves when an application ends (`amount` available, `locked_amount` reserved by payouts). */
  function settle(app: SandboxApplication): void {
    const b = balance(app.project_id, app.currency);
    if (app.type === "payin") {
      if (app.status === "success") b.amount += app.amount;
      return;
    }
    b.locked_amount -= app.locked_amount;
    b.amount += app.status === "success" ? app.locked_amount - app.amount : app.locked_amount;
    app.locked_amount = 0;
  }

  function emitAlert(app: SandboxApplication): void {
    const kind = alertKindFor(app.status);
    // HighHelp sends no informative alerts for card payments through the widget.
    if (kind === "intermediate" && app.widget_kind === "ecom") return;
    const url = app.callback_urls[kind];
    if (url === null) return;
    deliveries.enqueue({
      project_id: app.project_id,
      payment_id: app.payment_id,
      kind,
      url,
      body: alertBody(app, config.baseUrl, { pan: maskPan, name: maskName }),
      status: app.status,
      sub_status: app.sub_status,
      faults: faultsFor(app.payment_id),
      final: isFinal(app),
    });
  }

  function schedule(app: SandboxApplication): void {
    const existing = timers.get(app.payment_id);
    if (existing !== undefined) clearTimeout(existing);
    timers.delete(app.payment_id);
    const now = Date.now();
    const plan = stopped ? null : plannedStep(app, config.stepMs, now);
    app.next_step_at = plan?.at ?? null;
    if (plan === null) return;
    const paymentId = app.payment_id;
    timers.set(
      paymentId,
      setTimeout(() => onTimer(paymentId), Math.max(0, plan.at - now)),
    );
  }

  function onTimer(paymentId: string): void {
    timers.delete(paymentId);
    const app = state().applications[paymentId];
    if (app === undefined || stopped) return;
    const to = nextTarget(app);
    if (to === null) {
      app.next_step_at = null;
      store.commit();
      return;
    }
    transition(app, to, "timer");
  }

  function transition(app: SandboxApplication, to: Target, source: ChangeSource): void {
    const now = nowSeconds();
    const entersAwaitingConfirm = to.status === "processing" && to.sub_status === "awaiting_confirm" && app.type === "payin";
    if (entersAwaitingConfirm) {
      if (app.requisites === null && app.widget_kind !== "ecom") {
        const bank = bankForPayin(app.currency, app.bank_symbol, app.request_id);
        app.requisites = recipientRequisites(bank, app.method, app.request_id);
      }
      app.valid_until = now + (app.lifetime ?? 600);
      app.expiration_date = app.valid_until;
    }
    if (to.amount !== undefined && to.amount !== app.amount) {
      app.old_amount = app.amount;
      app.amount = to.amount;
    }
    app.status = to.status;
    app.sub_status = to.sub_status;
    app.status_description = to.status_description;
    app.updated_date = now;
    app.history.push({
      status: app.status,
      sub_status: app.sub_status,
      status_description: app.status_description,
      amount: app.amount,
      at: now,
      source,
    });
    if (isFinal(app)) settle(app);
    config.log(`application ${app.payment_id} -> ${describe(app)} (${source})`);
    emitAlert(app);
    schedule(app);
    store.commit();
  }

  function create(input: NewApplication): { ok: true; app: SandboxApplication } | { ok: false; existing: SandboxApplication } {
    const existing = state().applications[input.payment_id];
    if (existing !== undefined) return { ok: false, existing };
    const now = nowSeconds();
    const type = input.flow === "p2p_payout" ? "payout" : "payin";
    const requestId = randomUUID();
    // As in the docs' samples: P2P pay-ins answer `requisites`; card widget pay-ins and payouts `new`.
    const startsAtNew = type === "payout" || input.widget_kind === "ecom";
    const app: SandboxApplication = {
      project_id: input.project_id,
      request_id: requestId,
      payment_id: input.payment_id,
      flow: input.flow,
      widget_kind: input.widget_kind,
      type,
      status: "processing",
      sub_status: startsAtNew ? "new" : "requisites",
      status_description: null,
      amount: input.amount,
      old_amount: input.amount,
      initial_amount: input.amount,
      currency: input.currency,
      lifetime: input.lifetime,
      expiration_date: input.lifetime === null ? null : now + input.lifetime,
      valid_until: null,
      created_date: now,
      updated_date: now,
      method: input.method,
      payment_system: input.payment_system,
      widget_method: input.widget_method,
      bank_symbol: input.bank_symbol,
      callback_urls: input.callback_urls,
      redirect_url: input.redirect_url,
      form_url: type === "payin" ? `${config.baseUrl}/pay/${requestId}` : null,
      requisites: null,
      sender: input.sender,
      receiver: input.receiver,
      rule: outcomeRuleFor(input.amount).digits,
      locked_amount: 0,
      next_step_at: null,
      history: [],
    };

    const outcome = outcomeFor(input.amount, type);
    if (outcome.kind === "decline_at_create") {
      app.status = "decline";
      app.sub_status = null;
      app.status_description = outcome.description;
    } else if (type === "payout") {
      const b = balance(input.project_id, input.currency);
      if (b.amount < input.amount) {
        app.status = "decline";
        app.sub_status = null;
        app.status_description = INSUFFICIENT_BALANCE;
      } else {
        b.amount -= input.amount;
        b.locked_amount += input.amount;
        app.locked_amount = input.amount;
      }
    }
    app.history.push({
      status: app.status,
      sub_status: app.sub_status,
      status_description: app.status_description,
      amount: app.amount,
      at: now,
      source: "create",
    });
    state().applications[app.payment_id] = app;
    config.log(
      `application ${app.payment_id} created (${app.flow}, ${app.amount} ${app.currency}, rule ${app.rule}) -> ${describe(app)}`,
    );
    emitAlert(app);
    schedule(app);
    store.commit();
    return { ok: true, app };
  }

  function refuse(reason: string): ActionResult {
    return { ok: false, status: 409, reason };
  }

  return {
    get: (paymentId: string): SandboxApplication | undefined => state().applications[paymentId],
    byRequestId: (requestId: string): SandboxApplication | undefined =>
      Object.values(state().applications).find((app) => app.request_id === requestId),
    list: (): SandboxApplication[] => Object.values(state().applications).sort((a, b) => b.created_date - a.created_date),
    /** One register's book (made at its start balances on first sight). */
    balances: (projectId: string): Record<string, Balance> => {
      const known = state().balances[projectId] !== undefined;
      const b = book(projectId);
      if (!known) store.commit();
      return b;
    },
    createsReceived: (paymentId: string): number => state().creates_received[paymentId] ?? 0,
    create,

    countCreate(paymentId: string): void {
      state().creates_received[paymentId] = (state().creates_received[paymentId] ?? 0) + 1;
      store.commit();
    },

    /** The merchant's /confirm or the payer's "I have paid": only in processing:awaiting_confirm. */
    confirm(app: SandboxApplication, source: ChangeSource): ActionResult {
      if (!(app.status === "processing" && app.sub_status === "awaiting_confirm")) {
        return refuse(`confirm is only possible in processing:awaiting_confirm; this application is in ${describe(app)}`);
      }
      transition(app, { status: "processing", sub_status: "paid", status_description: null }, source);
      return { ok: true, app };
    },

    /** The merchant's /cancel or the payer's "Cancel": any time before a final status. */
    cancel(app: SandboxApplication, source: ChangeSource): ActionResult {
      if (isFinal(app)) return refuse(`the application is already final (${describe(app)}) and cannot be canceled`);
      transition(app, { status: "decline", sub_status: null, status_description: CANCELED_BY_CLIENT }, source);
      return { ok: true, app };
    },

    /** One lifecycle step now: what the timer would do next (a waiting payer: the lifetime runs out). */
    advance(app: SandboxApplication): ActionResult {
      if (isFinal(app)) return refuse(`the application is final (${describe(app)})`);
      const to = nextTarget(app);
      if (to === null) {
        return refuse(`no automatic step from ${describe(app)} (rule ${app.rule}); use /force`);
      }
      transition(app, to, "advance");
      return { ok: true, app };
    },

    force(app: SandboxApplication, to: Target): ActionResult {
      if (isFinal(app)) return refuse(`the application is final (${describe(app)}); final statuses never change`);
      transition(app, to, "force");
      return { ok: true, app };
    },

    faultsFor,
    globalFaults: (): FaultSet => globalFaults,
    setGlobalFaults(faults: FaultSet): void {
      globalFaults = faults;
    },
    setApplicationFaults(paymentId: string, faults: FaultOverrides | null): void {
      if (faults === null || Object.keys(faults).length === 0) delete state().faults_by_payment_id[paymentId];
      else state().faults_by_payment_id[paymentId] = faults;
      store.commit();
    },

    /** Applies the http_500 fault when it is in force for this call; counted ones run down. */
    takeHttp500(paymentId: string | null): boolean {
      const own = paymentId === null ? undefined : state().faults_by_payment_id[paymentId];
      if (own?.http_500 === false) return false;
      const holder: FaultOverrides | undefined =
        own?.http_500 !== undefined ? own : globalFaults.http_500 !== undefined ? globalFaults : undefined;
      if (holder === undefined) return false;
      if (typeof holder.http_500 === "number") {
        holder.http_500 -= 1;
        if (holder.http_500 <= 0) delete holder.http_500;
        if (own !== undefined && Object.keys(own).length === 0 && paymentId !== null) {
          delete state().faults_by_payment_id[paymentId];
        }
        store.commit();
      }
      return true;
    },

    /** Restarts the timers of non-final applications (after a restart of the sandbox). */
    resume(): void {
      for (const app of Object.values(state().applications)) {
        if (isFinal(app) || app.next_step_at === null) continue;
        const paymentId = app.payment_id;
        timers.set(
          paymentId,
          setTimeout(() => onTimer(paymentId), Math.max(0, app.next_step_at - Date.now())),
        );
      }
    },

    reset(): void {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      deliveries.reset();
      store.state = initialState();
      globalFaults = { ...config.startFaults };
      store.commit();
    },

    stop(): void {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;
