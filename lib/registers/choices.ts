import type { RegisterStatus } from "@/drizzle/schema";

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
export function registerServes(register: Pick<RegisterChoice, "currencies" | "methods">, currency: string, method?: string) {
  const currencyOk = register.currencies.length === 0 || register.currencies.includes(currency);
  const methodOk = method === undefined || register.methods.length === 0 || register.methods.includes(method);
  return currencyOk && methodOk;
}

/** The register a new application in `currency` goes to by default: the first active one serving it. */
export function defaultRegisterFor<R extends Pick<RegisterChoice, "status" | "currencies" | "methods">>(
  registers: readonly R[],
  currency: string,
): R | undefined {
  return registers.find((r) => r.status === "active" && registerServes(r, currency));
}
