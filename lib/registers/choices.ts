import type { RegisterStatus } from "@/drizzle/schema";
import { message } from "@/lib/i18n/message";

/* Register choices for forms and filters; pure, so client components use them too. */

/** What a form or a list filter needs of a register: who it is and what it serves. */
export interface RegisterChoice {
  id: number;
  name: string;
  projectId: string;
  status: RegisterStatus;
  /** Empty: not restricted. */
  currencies: string[];
  methods: string[];
}

/** Whether `register` takes a new application in `currency` with `method` (empty lists: anything). */
export function registerServes(
  register: { currencies: readonly string[]; methods: readonly string[] },
  currency: string,
  method?: string,
): boolean {
  const currencyOk = register.currencies.length === 0 || register.currencies.includes(currency);
  const methodOk = method === undefined || register.methods.length === 0 || register.methods.includes(method);
  return currencyOk && methodOk;
}

/** The register a new application in `currency` goes to by default: the first active one serving it. */
export function defaultRegisterFor<R extends { status: string; currencies: readonly string[]; methods: readonly string[] }>(
  registers: readonly R[],
  currency: string,
): R | undefined {
  return registers.find((r) => r.status === "active" && registerServes(r, currency));
}

/** What a new application needs of a register to be sent with it. */
export interface SelectableRegister {
  projectId: string;
  name: string;
  status: string;
  currencies: readonly string[];
  methods: readonly string[];
}

/** `message`: a message of lib/i18n/message.ts. */
export type RegisterRefusal = { field: "register" | "method"; message: string };

/**
 * The register a new application goes to: the one chosen (by project_id), which must be active and
 * serve the currency and method, or else the default for the currency. A refusal names the field
 * to show it next to.
 */
export function chooseRegister<R extends SelectableRegister>(
  registers: readonly R[],
  choice: { register?: string | null; currency: string; method?: string },
): { ok: true; register: R } | ({ ok: false } & RegisterRefusal) {
  if (!choice.register) {
    const register = defaultRegisterFor(registers, choice.currency);
    if (!register)
      return { ok: false, field: "register", message: message("registerChoice.noneServes", { currency: choice.currency }) };
    if (!registerServes(register, choice.currency, choice.method)) {
      return { ok: false, field: "method", message: notSetUp(register.name, choice.method) };
    }
    return { ok: true, register };
  }
  const register = registers.find((r) => r.projectId === choice.register);
  if (!register) return { ok: false, field: "register", message: "registerChoice.unknown" };
  if (register.status !== "active") {
    return { ok: false, field: "register", message: message("registerChoice.disabled", { register: register.name }) };
  }
  if (!registerServes(register, choice.currency)) {
    return {
      ok: false,
      field: "register",
      message: message("registerChoice.currency", { register: register.name, currency: choice.currency }),
    };
  }
  if (!registerServes(register, choice.currency, choice.method)) {
    return { ok: false, field: "method", message: notSetUp(register.name, choice.method) };
  }
  return { ok: true, register };
}

function notSetUp(register: string, method: string | undefined): string {
  return message("registerChoice.method", { register, method: method ?? "" });
}
