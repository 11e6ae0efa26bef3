"use server";

import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { verifySecondFactor } from "@/lib/accounts/second-factor";
import { secondFactorCodeSchema } from "@/lib/accounts/schemas";

/**
 * A code from the authenticator app, or a recovery code, proves the second factor for this session:
 * after the password, and again when an action asks for a fresh one (step-up).
 */
export const verifySecondFactorAction = defineAction(
  { permission: "account:second-factor", schema: secondFactorCodeSchema },
  async ({ code, purpose }, ctx) => {
    const result = await verifySecondFactor(await getDb(), ctx.user, code, ctx.user.sessionId, ctx, {
      stepUp: purpose === "step-up",
    });
    return {
      ok: true,
      data: result,
      message: result.recoveryCodesLeft === undefined ? "secondFactor.verified" : "secondFactor.recoveryUsed",
    };
  },
);
