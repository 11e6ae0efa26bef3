/**
 * The sandbox gateway: a local stand-in for HighHelp, as strict as the real one, that the app,
 * its tests and a new user exercise every flow against (`npm run sandbox`). See README-SECTION.md.
 */
export { startSandbox, type RunningSandbox } from "./server";
export {
  DEFAULT_CALLBACK_BACKOFF_MS,
  DEFAULT_CALLBACK_RETRIES,
  DEFAULT_CALLBACK_TIMEOUT_MS,
  DEFAULT_SANDBOX_PORT,
  DEFAULT_START_BALANCE,
  DEFAULT_STEP_MS,
  SandboxConfigError,
  sandboxOptionsFromEnv,
  type SandboxOptions,
} from "./config";
export { ensureSandboxKeys, SANDBOX_PROJECT_ID, type SandboxKeys } from "./keys";
export { OUTCOME_RULES, outcomeFor, outcomeRuleFor, type Outcome, type OutcomeRule } from "./outcomes";
export { FAULT_DEFAULTS, FAULT_NAMES, parseFaultSet, parseFaultSpec, type FaultName, type FaultSet } from "./faults";
export { SANDBOX_BANKS, SANDBOX_CURRENCIES, type SandboxBank } from "./catalogue";
export { deliveryUrl } from "./callbacks";
export { CANCELED_BY_CLIENT, INSUFFICIENT_BALANCE } from "./engine";
export type { CallbackAttempt, SandboxApplication } from "./state";
export { probeSandbox, waitForSandbox } from "./health";
