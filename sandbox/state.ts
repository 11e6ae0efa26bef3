/**
 * The sandbox's truth, kept in `<DATA_DIR>/sandbox/state.json` (written whole, atomically: temp
 * file then rename) so that restarting the app never changes what the gateway knows, and a
 * restarted sandbox resumes where it stopped. No full card number of a payer or payout receiver
 * is ever stored: only masks.
 */
import fs from "node:fs";
import path from "node:path";

import type { RecipientRequisites } from "./catalogue";
import type { FaultOverrides, FaultSet } from "./faults";
import { SANDBOX_PROJECT_ID } from "./keys";

export const STATE_VERSION = 2;

export type Flow = "p2p_payin" | "p2p_payout" | "widget_payin";
export type AlertKind = "intermediate" | "success" | "decline";
export type ChangeSource = "create" | "timer" | "advance" | "force" | "confirm" | "cancel" | "payer";

export interface HistoryEntry {
  status: string;
  sub_status: string | null;
  status_description: string | null;
  amount: number;
  /** Unix seconds. */
  at: number;
  source: ChangeSource;
}

export interface SandboxApplication {
  /** The cash register that created it (states written before several registers: the first one's). */
  project_id: string;
  request_id: string;
  payment_id: string;
  flow: Flow;
  /** Widget pay-ins only: a card payment (`payin-ecom-card`: no informative alerts) or a P2P transfer. */
  widget_kind: "ecom" | "p2p" | null;
  type: "payin" | "payout";
  status: string;
  sub_status: string | null;
  status_description: string | null;
  amount: number;
  old_amount: number;
  initial_amount: number;
  currency: string;
  /** Pay-ins only (seconds). */
  lifetime: number | null;
  /** Unix seconds; pay-ins only. Reset to `valid_until` when the requisites are issued. */
  expiration_date: number | null;
  valid_until: number | null;
  created_date: number;
  updated_date: number;
  method: string | null;
  payment_system: string | null;
  widget_method: string | null;
  /** `payment.bank_symbol` as requested (pay-ins). */
  bank_symbol: string | null;
  callback_urls: { intermediate: string | null; success: string | null; decline: string | null };
  redirect_url: string | null;
  form_url: string | null;
  /** The sandbox's own (fictitious) requisites, issued on entering awaiting_confirm. */
  requisites: RecipientRequisites | null;
  /** Masked payer data (H2H pay-ins). */
  sender: { pan_hidden: string | null; card_holder_hidden: string | null } | null;
  /** Masked payout receiver. */
  receiver: { pan_masked: string | null; phone_masked: string | null; card_holder: string | null } | null;
  /** The outcome rule (OUTCOME_RULES digits) fixed at creation from the amount. */
  rule: string;
  /** Payouts: the part of the balance this application holds. */
  locked_amount: number;
  /** Epoch ms of the next automatic step; null when the application waits for someone. */
  next_step_at: number | null;
  history: HistoryEntry[];
}

export interface OutboxItem {
  id: number;
  /** Whose alert key signs it. */
  project_id: string;
  payment_id: string;
  kind: AlertKind;
  url: string;
  body: Record<string, unknown>;
  status: string;
  sub_status: string | null;
  /** The faults in force when the alert was produced. */
  faults: FaultSet;
  /** Held back by the reorder fault until released. */
  held: boolean;
  /** Epoch ms. */
  enqueued_at: number;
}

export interface CallbackAttempt {
  id: number;
  delivery_id: number;
  payment_id: string;
  kind: AlertKind;
  status: string;
  sub_status: string | null;
  /** As given by the merchant (https). */
  url: string;
  /** Where it was actually sent (loopback https → http). Null when dropped. */
  sent_to: string | null;
  attempt: number;
  /** 1 = the delivery itself; 2+ = duplicates added by the duplicate fault. */
  copy: number;
  http_status: number | null;
  error: string | null;
  faults: string[];
  /** Whether the delivery stopped here without a 2xx (retries exhausted). */
  gave_up: boolean;
  at: string;
  duration_ms: number;
}

export interface Balance {
  amount: number;
  locked_amount: number;
}

export interface SandboxState {
  version: number;
  applications: Record<string, SandboxApplication>;
  /** Each cash register's own book: project_id → currency → balance (made on the register's first use). */
  balances: Record<string, Record<string, Balance>>;
  /** Every signed create request per payment_id, whatever its outcome. */
  creates_received: Record<string, number>;
  faults_by_payment_id: Record<string, FaultOverrides>;
  outbox: OutboxItem[];
  callback_log: CallbackAttempt[];
  next_delivery_id: number;
  next_attempt_id: number;
}

/** The callback log keeps the latest attempts only. */
export const CALLBACK_LOG_LIMIT = 1_000;

/** A register's book at the start: its currencies, each at the start balance (DEFAULT_START_BALANCE unless configured). */
export function startBook(
  currencies: readonly string[],
  startBalances: Readonly<Record<string, number>>,
  fallback: number,
): Record<string, Balance> {
  return Object.fromEntries(
    currencies.map((currency) => [currency, { amount: startBalances[currency] ?? fallback, locked_amount: 0 }]),
  );
}

export function initialState(): SandboxState {
  return {
    version: STATE_VERSION,
    applications: {},
    balances: {},
    creates_received: {},
    faults_by_payment_id: {},
    outbox: [],
    callback_log: [],
    next_delivery_id: 1,
    next_attempt_id: 1,
  };
}

export interface StateStore {
  readonly file: string;
  state: SandboxState;
  /** Writes the whole state now (temp file + rename). */
  commit(): void;
  /** Writes the state and releases the data directory. */
  close(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One sandbox per data directory: two writing the same state.json would silently lose each
 * other's applications. A lock left by a process that no longer runs is taken over.
 */
function lockDirectory(dir: string): () => void {
  const lock = path.join(dir, "state.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lock, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) {
        throw new Error(`another sandbox (pid ${holder}) already uses ${dir}; stop it or use another DATA_DIR`);
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error(`cannot lock ${dir}`);
}

export function openStateStore(dataDir: string): StateStore {
  const dir = path.join(dataDir, "sandbox");
  const file = path.join(dir, "state.json");
  fs.mkdirSync(dir, { recursive: true });
  const unlock = lockDirectory(dir);
  let state: SandboxState;
  try {
    state = fs.existsSync(file) ? readState(file) : initialState();
  } catch (error) {
    unlock();
    throw error;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  const store: StateStore = {
    file,
    state,
    commit() {
      fs.writeFileSync(tmp, JSON.stringify(store.state));
      fs.renameSync(tmp, file);
    },
    close() {
      store.commit();
      unlock();
    },
  };
  store.commit();
  return store;
}

function readState(file: string): SandboxState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); move it away to start afresh`);
  }
  const version = typeof parsed === "object" && parsed !== null ? (parsed as { version?: unknown }).version : undefined;
  if (version !== STATE_VERSION && version !== 1) {
    throw new Error(`${file} is not a sandbox state of version ${STATE_VERSION}; move it away to start afresh`);
  }
  const state = parsed as SandboxState;
  if (version === 1) {
    // Version 1 kept one balance book for every register: it becomes the first register's.
    state.balances = { [SANDBOX_PROJECT_ID]: state.balances as unknown as Record<string, Balance> };
    state.version = STATE_VERSION;
  }
  // Written when the sandbox had one cash register: everything was the first one's.
  for (const app of Object.values(state.applications)) app.project_id ??= SANDBOX_PROJECT_ID;
  for (const item of state.outbox) item.project_id ??= SANDBOX_PROJECT_ID;
  return state;
}
