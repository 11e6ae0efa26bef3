/**
 * The unsigned control API under /sandbox (health, cash registers, applications, advance / force,
 * callbacks, balances, outcomes, faults, reset): what tests and a curious user drive the sandbox with.
 */
import type http from "node:http";

import { z } from "zod";

import { AMOUNT_MAX, AMOUNT_MIN, DISPUTE_SUB_STATUSES, PROCESSING_SUB_STATUSES, STATUSES } from "@/lib/highhelp";

import { generateRegister, merchantCopy, parseNewRegister } from "../cabinet";
import { activeFaults, parseFaultSet } from "../faults";
import { SANDBOX_PROJECT_ID } from "../keys";
import { OUTCOME_RULES } from "../outcomes";
import type { SandboxApplication } from "../state";
import { applicationView } from "../views";
import { fail, invalid, json, type Answer, type RouteContext } from "./context";

/** POST /sandbox/applications/{payment_id}/force */
const forceSchema = z
  .strictObject({
    status: z.enum(STATUSES),
    sub_status: z.string().nullable().optional(),
    status_description: z.string().max(1024).nullable().optional(),
    amount: z.number().int().min(AMOUNT_MIN).max(AMOUNT_MAX).optional(),
  })
  .superRefine((value, ctx) => {
    const sub = value.sub_status ?? null;
    const allowed: readonly string[] | null =
      value.status === "processing" ? PROCESSING_SUB_STATUSES : value.status === "dispute" ? DISPUTE_SUB_STATUSES : null;
    if (allowed === null && sub !== null) {
      ctx.addIssue({ code: "custom", path: ["sub_status"], message: `must be null for ${value.status}` });
    } else if (allowed !== null && (sub === null || !allowed.includes(sub))) {
      ctx.addIssue({ code: "custom", path: ["sub_status"], message: `must be one of ${allowed.join(", ")} for ${value.status}` });
    }
  });

function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function readControlJson(
  ctx: RouteContext,
  req: http.IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; answer: Answer }> {
  const read = await ctx.readBody(req);
  if (!read.ok) return read;
  const parsed = parseJsonBody(read.text);
  if (!parsed.ok) return { ok: false, answer: fail(400, "The body is not JSON") };
  return { ok: true, value: parsed.value };
}

function view(ctx: RouteContext, app: SandboxApplication) {
  return applicationView(app, {
    creates_received: ctx.engine.createsReceived(app.payment_id),
    faults: ctx.store.state.faults_by_payment_id[app.payment_id] ?? null,
    pending_callbacks: ctx.deliveries.pendingCount(app.payment_id),
  });
}

export async function handleControl(ctx: RouteContext, req: http.IncomingMessage, url: URL): Promise<Answer> {
  const { engine: eng, store, log } = ctx;
  const method = req.method ?? "GET";
  const segments = url.pathname.split("/").slice(2); // after "/sandbox"
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return fail(400, "The path is not valid percent-encoding");
  }
  const [first, second, third] = decoded;
  const route = `${method} ${first ?? ""}${segments.length > 1 ? "/:id" : ""}${segments.length > 2 ? `/${third ?? ""}` : ""}`;

  switch (route) {
    case "GET health":
      return json(200, {
        status: "ok",
        project_id: SANDBOX_PROJECT_ID,
        registers: [...ctx.registers.values()].map((r) => ({ project_id: r.projectId, name: r.name })),
        url: ctx.baseUrl,
        applications: Object.keys(store.state.applications).length,
      });
    case "GET registers":
      return json(200, {
        registers: [...ctx.registers.values()].map((r) => ({
          project_id: r.projectId,
          name: r.name,
          currencies: r.currencies,
          request_algorithm: r.requestAlgorithm,
        })),
      });
    case "POST registers": {
      const read = await readControlJson(ctx, req);
      if (!read.ok) return read.answer;
      const parsed = parseNewRegister(read.value);
      if (!parsed.ok) return invalid(parsed.errors);
      const register = generateRegister(parsed.value);
      ctx.addRegister(register);
      // The merchant's copy of the keys, as the cabinet page shows it; never written to the log.
      return json(201, merchantCopy(register));
    }
    case "GET outcomes":
      return json(200, { rules: OUTCOME_RULES });
    case "GET applications":
      return json(200, {
        applications: eng.list().map((app) => view(ctx, app)),
        creates_received: store.state.creates_received,
      });
    case "GET applications/:id": {
      const app = eng.get(second!);
      return app === undefined
        ? fail(404, "No application with this payment_id", [{ field: "payment_id", message: "not found", code: "not_found" }])
        : json(200, view(ctx, app));
    }
    case "POST applications/:id/advance":
    case "POST applications/:id/force": {
      const app = eng.get(second!);
      if (app === undefined)
        return fail(404, "No application with this payment_id", [
          { field: "payment_id", message: "not found", code: "not_found" },
        ]);
      const read = await readControlJson(ctx, req);
      if (!read.ok) return read.answer;
      let result;
      if (third === "advance") {
        result = eng.advance(app);
      } else {
        const parsed = forceSchema.safeParse(read.value);
        if (!parsed.success) {
          return invalid(parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message, code: i.code })));
        }
        result = eng.force(app, {
          status: parsed.data.status,
          sub_status: parsed.data.sub_status ?? null,
          status_description: parsed.data.status_description ?? null,
          amount: parsed.data.amount,
        });
      }
      if (!result.ok) return fail(result.status, result.reason);
      return json(200, view(ctx, result.app));
    }
    case "GET callbacks": {
      const paymentId = url.searchParams.get("payment_id");
      const callbacks = store.state.callback_log.filter((c) => paymentId === null || c.payment_id === paymentId);
      return json(200, { callbacks });
    }
    case "GET balances":
      return json(200, {
        balances: Object.fromEntries([...ctx.registers.keys()].map((projectId) => [projectId, eng.balances(projectId)])),
      });
    case "GET faults":
      return json(200, { global: eng.globalFaults(), by_payment_id: store.state.faults_by_payment_id });
    case "PUT faults":
    case "PUT faults/:id": {
      const read = await readControlJson(ctx, req);
      if (!read.ok) return read.answer;
      const parsed = parseFaultSet(read.value);
      if (!parsed.ok) return invalid(parsed.errors);
      if (second === undefined) eng.setGlobalFaults(activeFaults(parsed.faults));
      else eng.setApplicationFaults(second, parsed.faults);
      log(`faults ${second === undefined ? "(run)" : `for ${second}`} = ${JSON.stringify(parsed.faults)}`);
      return json(200, { global: eng.globalFaults(), by_payment_id: store.state.faults_by_payment_id });
    }
    case "DELETE faults/:id":
      eng.setApplicationFaults(second!, null);
      return json(200, { global: eng.globalFaults(), by_payment_id: store.state.faults_by_payment_id });
    case "POST reset":
      eng.reset();
      log("reset: applications, callbacks, balances and faults back to the start");
      return json(200, { status: "ok" });
    default:
      return fail(404, `Unknown control endpoint ${method} ${url.pathname}`);
  }
}
