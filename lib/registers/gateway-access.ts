import { message } from "@/lib/i18n/message";
import { AppError } from "@/lib/server/errors";

/**
 * What code with an application at hand takes to reach HighHelp: the application's register by its
 * project_id (the app passes gatewayForProject / clientForProject from lib/server/gateway.ts), or
 * one fixed value for every project (tests, a single register).
 */
export type PerProject<T extends object> = T | ((projectId: string) => Promise<T>);

export async function resolveForProject<T extends object>(source: PerProject<T>, projectId: string): Promise<T> {
  return typeof source === "function" ? (source as (projectId: string) => Promise<T>)(projectId) : source;
}

/** A disabled register takes no new application (nor an approval or resend, which send one). */
export function assertRegisterActive(gateway: { status: "active" | "disabled"; name: string }): void {
  if (gateway.status === "disabled") {
    throw new AppError("conflict:register_disabled", message("registerChoice.disabled", { register: gateway.name }));
  }
}
