"use server";

import { z } from "zod";
import { defineAction } from "@/lib/action";
import { runOperation, type OperationName } from "@/lib/applications/operations";
import { getDb } from "@/lib/db";
import { getGateway } from "@/lib/gateway";
import type { Permission } from "@/lib/auth/permissions";

const input = z.object({ applicationId: z.coerce.number().int().positive() });

function operationAction(operation: OperationName, permission: Permission) {
  return defineAction({ permission, schema: input }, async ({ applicationId }, ctx) => {
    const result = await runOperation(await getDb(), getGateway().client, applicationId, operation, {
      userId: ctx.user.id,
      email: ctx.user.email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return result.ok
      ? { ok: true, data: { status: result.status, subStatus: result.subStatus }, message: result.message }
      : { ok: false, message: result.detail ? `${result.message}\n${result.detail}` : result.message };
  });
}

export const refreshApplication = operationAction("refresh", "applications:refresh");
export const confirmApplication = operationAction("confirm", "applications:confirm");
export const cancelApplication = operationAction("cancel", "applications:cancel");
