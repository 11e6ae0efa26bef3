/**
 * Alert delivery (docs/highhelp-protocol.md#alerts): signed like HighHelp signs (signAlert with the sandbox's alert key),
 * POSTed to the merchant's URL, retried with exponential back-off until a 2xx or the retries run
 * out. One application's alerts go out one after another, in order, unless a fault says
 * otherwise. Pending alerts live in the state's outbox, so a restarted sandbox sends them still.
 */
import { HEADER_SIGNATURE, signAlert, type SignatureProfile, type SigningKey } from "@/lib/highhelp";

import { MAX_CALLBACK_BACKOFF_MS } from "./config";
import { callbackFaultNames, corruptSignature, type FaultSet } from "./faults";
import { CALLBACK_LOG_LIMIT, type AlertKind, type CallbackAttempt, type OutboxItem, type StateStore } from "./state";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The sandbox's one leniency: HighHelp only takes https callback URLs, and so does the sandbox,
 * but a local app has no TLS, so an https URL on a loopback host is delivered over plain http to
 * the same host and port. Any other URL is delivered as given.
 */
export function deliveryUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" || !LOOPBACK_HOSTS.has(parsed.hostname)) return url;
  const port = parsed.port === "" ? "443" : parsed.port;
  parsed.protocol = "http:";
  parsed.port = port;
  return parsed.toString();
}

/** Query strings of merchant URLs may carry secrets: they stay out of the log. */
function withoutQuery(url: string): string {
  const at = url.search(/[?#]/);
  return at < 0 ? url : url.slice(0, at);
}

export interface NewAlert {
  project_id: string;
  payment_id: string;
  kind: AlertKind;
  url: string;
  body: Record<string, unknown>;
  status: string;
  sub_status: string | null;
  faults: FaultSet;
  /** The application has reached success / decline with this alert (releases held alerts). */
  final: boolean;
}

export interface DeliveriesConfig {
  store: StateStore;
  /** The alert signing key of a cash register (each signs its own alerts). */
  alertKeyFor: (projectId: string) => SigningKey;
  profile: SignatureProfile;
  retries: number;
  backoffMs: number;
  timeoutMs: number;
  log: (line: string) => void;
  isFinal: (paymentId: string) => boolean;
}

export interface Deliveries {
  enqueue(alert: NewAlert): void;
  /** Restarts what the outbox holds (after a restart of the sandbox). */
  resume(): void;
  pendingCount(paymentId: string): number;
  /** Forgets everything in flight (POST /sandbox/reset); the caller replaces the state. */
  reset(): void;
  stop(): Promise<void>;
}

export function createDeliveries(config: DeliveriesConfig): Deliveries {
  const { store } = config;
  const pumping = new Set<string>();
  const holdTimers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<AbortController>();
  const sleepers = new Set<() => void>();
  const running = new Set<Promise<void>>();
  let generation = 0;
  let stopped = false;

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  function live(gen: number): boolean {
    return !stopped && gen === generation;
  }

  function record(entry: Omit<CallbackAttempt, "id" | "at">, gen: number): void {
    if (gen !== generation || stopped) return;
    const state = store.state;
    state.callback_log.push({ id: state.next_attempt_id++, at: new Date().toISOString(), ...entry });
    if (state.callback_log.length > CALLBACK_LOG_LIMIT)
      state.callback_log.splice(0, state.callback_log.length - CALLBACK_LOG_LIMIT);
    store.commit();
  }

  async function sendOnce(item: OutboxItem, attempt: number, copy: number, last: boolean, gen: number): Promise<boolean> {
    const faults = callbackFaultNames(item.faults);
    const target = deliveryUrl(item.url);
    const signed = signAlert({
      body: item.body,
      timestamp: Math.floor(Date.now() / 1000),
      key: config.alertKeyFor(item.project_id),
      profile: config.profile,
      merchantId: item.project_id,
    });
    const headers = { ...signed.headers };
    if (item.faults.corrupt_signature === true) headers[HEADER_SIGNATURE] = corruptSignature(signed.signature);

    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${config.timeoutMs} ms`)), config.timeoutMs);
    const started = performance.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(target, {
        method: "POST",
        headers,
        body: JSON.stringify(item.body),
        signal: controller.signal,
        redirect: "manual",
      });
      httpStatus = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      const reason = controller.signal.aborted ? controller.signal.reason : caught;
      const cause = (reason as { cause?: { code?: unknown } } | undefined)?.cause?.code;
      error = typeof cause === "string" ? cause : reason instanceof Error ? reason.message : String(reason);
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
    const ok = httpStatus !== null && httpStatus >= 200 && httpStatus <= 299;
    const gaveUp = !ok && last && copy === 1;
    record(
      {
        delivery_id: item.id,
        payment_id: item.payment_id,
        kind: item.kind,
        status: item.status,
        sub_status: item.sub_status,
        url: item.url,
        sent_to: target,
        attempt,
        copy,
        http_status: httpStatus,
        error,
        faults,
        gave_up: gaveUp,
        duration_ms: Math.round(performance.now() - started),
      },
      gen,
    );
    if (live(gen)) {
      const what = `${item.status}${item.sub_status === null ? "" : `:${item.sub_status}`}`;
      const outcome = httpStatus ?? error ?? "no answer";
      const extra = [
        copy > 1 ? `copy ${copy}` : "",
        faults.length > 0 ? `faults ${faults.join(" ")}` : "",
        gaveUp ? "giving up" : "",
      ]
        .filter((part) => part !== "")
        .join(", ");
      config.log(
        `callback ${item.payment_id} ${what} -> ${withoutQuery(item.url)}: ${outcome} (attempt ${attempt}${extra === "" ? "" : `, ${extra}`})`,
      );
    }
    return ok;
  }

  async function deliverWithRetries(item: OutboxItem, gen: number): Promise<void> {
    const attempts = config.retries + 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (!live(gen)) return;
      if (await sendOnce(item, attempt, 1, attempt === attempts, gen)) return;
      if (attempt < attempts) await sleep(Math.min(config.backoffMs * 2 ** (attempt - 1), MAX_CALLBACK_BACKOFF_MS));
    }
  }

  async function deliver(item: OutboxItem, gen: number): Promise<void> {
    if (item.faults.delay !== undefined) await sleep(item.faults.delay);
    if (!live(gen)) return;
    const copies = item.faults.duplicate ?? 1;
    // The second copy races the first; further copies follow once the first is through.
    const concurrent = copies >= 2 ? sendOnce(item, 1, 2, false, gen) : Promise.resolve(true);
    await deliverWithRetries(item, gen);
    await concurrent;
    for (let copy = 3; copy <= copies && live(gen); copy++) await sendOnce(item, 1, copy, false, gen);
  }

  function pump(paymentId: string): void {
    if (pumping.has(paymentId) || stopped) return;
    pumping.add(paymentId);
    const gen = generation;
    const run = (async () => {
      try {
        for (;;) {
          if (!live(gen)) return;
          const item = store.state.outbox.find((i) => i.payment_id === paymentId && !i.held);
          if (item === undefined) return;
          await deliver(item, gen);
          if (!live(gen)) return; // still in the outbox: sent again after a restart
          store.state.outbox = store.state.outbox.filter((i) => i.id !== item.id);
          store.commit();
        }
      } finally {
        if (gen === generation) pumping.delete(paymentId);
      }
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
  }

  /** Held alerts go out newest first: a final alert before the intermediate ones it followed. */
  function release(paymentId: string): void {
    const timer = holdTimers.get(paymentId);
    if (timer !== undefined) clearTimeout(timer);
    holdTimers.delete(paymentId);
    const held = store.state.outbox.filter((i) => i.payment_id === paymentId && i.held);
    if (held.length === 0) return;
    store.state.outbox = [
      ...store.state.outbox.filter((i) => !(i.payment_id === paymentId && i.held)),
      ...held.reverse().map((i) => ({ ...i, held: false })),
    ];
    store.commit();
    pump(paymentId);
  }

  function holdUntil(paymentId: string, releaseAt: number): void {
    if (holdTimers.has(paymentId)) return;
    holdTimers.set(
      paymentId,
      setTimeout(() => release(paymentId), Math.max(0, releaseAt - Date.now())),
    );
  }

  return {
    enqueue(alert) {
      const state = store.state;
      const id = state.next_delivery_id++;
      if (alert.faults.drop === true) {
        record(
          {
            delivery_id: id,
            payment_id: alert.payment_id,
            kind: alert.kind,
            status: alert.status,
            sub_status: alert.sub_status,
            url: alert.url,
            sent_to: null,
            attempt: 0,
            copy: 1,
            http_status: null,
            error: "dropped (fault drop)",
            faults: callbackFaultNames(alert.faults),
            gave_up: true,
            duration_ms: 0,
          },
          generation,
        );
        config.log(
          `callback ${alert.payment_id} ${alert.status}${alert.sub_status === null ? "" : `:${alert.sub_status}`} dropped (fault)`,
        );
        return;
      }
      const held = alert.faults.reorder !== undefined;
      const now = Date.now();
      state.outbox.push({
        id,
        project_id: alert.project_id,
        payment_id: alert.payment_id,
        kind: alert.kind,
        url: alert.url,
        body: alert.body,
        status: alert.status,
        sub_status: alert.sub_status,
        faults: alert.faults,
        held,
        enqueued_at: now,
      });
      store.commit();
      if (!held) {
        pump(alert.payment_id);
        return;
      }
      if (alert.final) release(alert.payment_id);
      else holdUntil(alert.payment_id, now + (alert.faults.reorder ?? 0));
    },

    resume() {
      const ids = new Set(store.state.outbox.map((i) => i.payment_id));
      for (const paymentId of ids) {
        const firstHeld = store.state.outbox.find((i) => i.payment_id === paymentId && i.held);
        if (firstHeld !== undefined) {
          if (config.isFinal(paymentId)) release(paymentId);
          else holdUntil(paymentId, firstHeld.enqueued_at + (firstHeld.faults.reorder ?? 0));
        }
        pump(paymentId);
      }
    },

    pendingCount(paymentId) {
      return store.state.outbox.filter((i) => i.payment_id === paymentId).length;
    },

    reset() {
      generation++;
      pumping.clear();
      for (const timer of holdTimers.values()) clearTimeout(timer);
      holdTimers.clear();
      for (const controller of inFlight) controller.abort(new Error("sandbox reset"));
      for (const wake of [...sleepers]) wake();
    },

    async stop() {
      stopped = true;
      for (const timer of holdTimers.values()) clearTimeout(timer);
      holdTimers.clear();
      for (const controller of inFlight) controller.abort(new Error("sandbox stopping"));
      for (const wake of [...sleepers]) wake();
      await Promise.allSettled([...running]);
    },
  };
}
