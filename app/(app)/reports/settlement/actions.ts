"use server";

import { allowedProjects } from "@/lib/accounts/register-scope";
import { message } from "@/lib/i18n/message";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { clientForProject } from "@/lib/server/gateway";
import { takeSnapshotNow } from "@/lib/settlement/commands";
import { takeSnapshotSchema } from "@/lib/settlement/schemas";

/** Records the register's HighHelp balance now (audited, whether HighHelp answers or not). */
export const takeSnapshotAction = defineAction(
  { permission: "settlement:snapshot", schema: takeSnapshotSchema },
  async ({ registerId }, ctx) => {
    const actor = { userId: ctx.user.id, email: ctx.user.email, ip: ctx.ip, userAgent: ctx.userAgent };
    const outcome = await takeSnapshotNow(await getDb(), clientForProject, registerId, actor, allowedProjects(ctx.user));
    if (!outcome.ok)
      return {
        ok: false,
        code: "unavailable:highhelp",
        message: message("settlement.snapshot.failed", { reason: outcome.error }),
      };
    return { ok: true, data: undefined, message: message("settlement.snapshot.taken", { count: outcome.currencies.length }) };
  },
);
