"use server";

import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { confirmEnrolment, startEnrolment } from "@/lib/accounts/second-factor";
import { secondFactorCodeSchema } from "@/lib/accounts/schemas";
import { z } from "zod";

/** Enrolment, step one: a new secret for the authenticator app, as a QR code and as text. */
export const startEnrolmentAction = defineAction(
  { permission: "account:second-factor", schema: z.object({}) },
  async (_input, ctx) => {
    const { secret, qr } = await startEnrolment(await getDb(), ctx.user);
    return { ok: true, data: { secret, qr } };
  },
);

/** Enrolment, step two: the app's first code confirms it; the recovery codes come back once. */
export const confirmEnrolmentAction = defineAction(
  { permission: "account:second-factor", schema: secondFactorCodeSchema },
  async ({ code }, ctx) => {
    const { recoveryCodes } = await confirmEnrolment(await getDb(), ctx.user, code, ctx.user.sessionId, ctx);
    return { ok: true, data: { recoveryCodes }, message: "secondFactor.enrolled" };
  },
);
