import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountInterventions, auditLog, recoveryCodes, sessionFactors, userFactors, users } from "@/drizzle/schema";
import { AppError } from "@/lib/server/errors";
import { getSecretBox } from "@/lib/server/secrets-key";
import { wrongTotpCode } from "@/test/totp";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { createUser, resetSecondFactor } from "./commands";
import { independenceProblem } from "./lineage";
import {
  confirmEnrolment,
  enrolWithSecret,
  factorRoles,
  factorSummary,
  RECOVERY_CODE_COUNT,
  setFactorRoles,
  startEnrolment,
  stepUpProblem,
  verifySecondFactor,
} from "./second-factor";
import { MAX_FAILURES_PER_ACCOUNT } from "./sign-in";
import { totpCode } from "./totp";

const client = { ip: null, userAgent: "second-factor test" };
const SECRET = "APPROVERSANDBOXTOTPSECRETDEMOAAA";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("stepUpProblem", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  it("passes a code proved within STEP_UP_SECONDS (300 by default), refuses an older one or none", () => {
    expect(
      stepUpProblem(
        { enrolled: true, required: true, verifiedAt: new Date(now - 299_000), appCodeAt: new Date(now - 299_000) },
        now,
      ),
    ).toBeNull();
    expect(
      stepUpProblem(
        { enrolled: true, required: true, verifiedAt: new Date(now - 301_000), appCodeAt: new Date(now - 301_000) },
        now,
      )?.code,
    ).toBe("forbidden:step_up");
    expect(stepUpProblem({ enrolled: true, required: false, verifiedAt: null, appCodeAt: null }, now)?.message).toBe(
      "secondFactor.errors.stepUp",
    );
  });
  it("does not count a recovery code: the session may be used, but step-up wants a code from the app", () => {
    const problem = stepUpProblem({ enrolled: true, required: true, verifiedAt: new Date(now), appCodeAt: null }, now);
    expect(problem?.code).toBe("forbidden:step_up");
  });
  it("asks an account without a factor to set one up first", () => {
    const problem = stepUpProblem({ enrolled: false, required: false, verifiedAt: null, appCodeAt: null }, now);
    expect(problem).toMatchObject({ code: "forbidden:step_up", message: "secondFactor.errors.stepUpEnrol" });
  });
});

describe.each(testDatabaseKinds())("second factor on %s", (kind) => {
  let database: TestDatabase;
  let admin: { id: number; email: string };
  let other: { id: number; email: string };
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    admin = await createUser(database.db, { email: "a@2fa.test", name: "A", role: "admin", password: "admin long password" });
    other = await createUser(database.db, { email: "b@2fa.test", name: "B", role: "admin", password: "other long password" });
  });
  afterAll(async () => database?.drop());

  const audit = (action: string, userId: number) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.targetId, String(userId))));

  it("enrols: a sealed secret, confirmed by its first code, ten recovery codes stored hashed, the session verified", async () => {
    const { secret, qr } = await startEnrolment(database.db, admin);
    expect(qr).toMatch(/^data:image\/png;base64,/);
    const [row] = await database.db.select().from(userFactors).where(eq(userFactors.userId, admin.id));
    expect(row!.secretEncrypted).not.toContain(secret);
    expect(getSecretBox().open(row!.secretEncrypted)).toBe(secret);
    expect(row!.confirmedAt).toBeNull();

    const wrong = await refusal(confirmEnrolment(database.db, admin, wrongTotpCode(secret), "s1", client));
    expect(wrong.code).toBe("bad_request:second_factor_code");

    const firstCode = totpCode(secret);
    const { recoveryCodes: codes } = await confirmEnrolment(database.db, admin, firstCode, "s1", client);
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    const stored = await database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, admin.id));
    expect(stored).toHaveLength(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(stored.map((r) => r.codeHash)).not.toContain(code);
    expect(await database.db.select().from(sessionFactors).where(eq(sessionFactors.sessionId, "s1"))).toHaveLength(1);
    expect(await audit("user.second_factor_enrol", admin.id)).toHaveLength(1);
    expect(await factorSummary(database.db, admin.id)).toMatchObject({ recoveryCodesLeft: RECOVERY_CODE_COUNT });
    // Set up once: a second start is refused (another admin resets it).
    expect((await refusal(startEnrolment(database.db, admin))).code).toBe("conflict:factor_exists");

    // The enrolment used its code's step: the same code does not sign in another session, even once the clock has
    // moved on to the next step (where the code is still within the accepted window).
    expect((await refusal(verifySecondFactor(database.db, admin, firstCode, "s2", client))).code).toBe(
      "bad_request:second_factor_code",
    );
    expect(await audit("auth.second_factor_failed", admin.id)).toHaveLength(2);
  });

  it("a recovery code works once, in any case and spacing, and the audit log says how many are left", async () => {
    const { secret } = await startEnrolment(database.db, other);
    const { recoveryCodes: codes } = await confirmEnrolment(database.db, other, totpCode(secret), "r0", client);
    const code = codes[0]!;
    expect(await verifySecondFactor(database.db, other, ` ${code.toUpperCase().replace("-", " ")} `, "r1", client)).toEqual({
      recoveryCodesLeft: RECOVERY_CODE_COUNT - 1,
    });
    expect((await refusal(verifySecondFactor(database.db, other, code, "r2", client))).code).toBe(
      "bad_request:second_factor_code",
    );
    expect(await database.db.select().from(sessionFactors).where(eq(sessionFactors.sessionId, "r2"))).toHaveLength(0);
    const [used] = await audit("auth.recovery_code_used", other.id);
    expect(used?.details).toEqual({ recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
    // Step-up takes the app's code only: a recovery code there is refused and left unused.
    expect((await refusal(verifySecondFactor(database.db, other, codes[1]!, "r1", client, { stepUp: true }))).message).toBe(
      "secondFactor.errors.stepUpNeedsApp",
    );
    expect(await verifySecondFactor(database.db, other, codes[1]!, "r3", client)).toEqual({
      recoveryCodesLeft: RECOVERY_CODE_COUNT - 2,
    });
  });

  it("throttles wrong codes like passwords: after the free failures, a wait during which even the right code is refused", async () => {
    const user = await createUser(database.db, {
      email: "c@2fa.test",
      name: "C",
      role: "viewer",
      password: "viewer long password",
    });
    await enrolWithSecret(database.db, user.id, SECRET);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) {
      expect((await refusal(verifySecondFactor(database.db, user, "abcde-fghjk", "t", client))).code).toBe(
        "bad_request:second_factor_code",
      );
    }
    const throttled = await refusal(verifySecondFactor(database.db, user, totpCode(SECRET), "t", client));
    expect(throttled.code).toBe("forbidden:second_factor_throttled");
    await refusal(verifySecondFactor(database.db, user, totpCode(SECRET), "t", client));
    expect(await audit("auth.second_factor_throttled", user.id)).toHaveLength(1);
    expect(await audit("auth.second_factor_failed", user.id)).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
  });

  it("another admin resets a factor: codes and session proofs go, sessions end, lineage and audit record it", async () => {
    const [before] = await database.db.select().from(users).where(eq(users.id, admin.id));
    const actor = { userId: other.id, email: other.email };
    expect((await refusal(resetSecondFactor(database.db, admin.id, { userId: admin.id, email: admin.email }))).code).toBe(
      "conflict:self",
    );
    await resetSecondFactor(database.db, admin.id, actor);
    expect(await database.db.select().from(userFactors).where(eq(userFactors.userId, admin.id))).toHaveLength(0);
    expect(await database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, admin.id))).toHaveLength(0);
    expect(await database.db.select().from(sessionFactors).where(eq(sessionFactors.userId, admin.id))).toHaveLength(0);
    const [after] = await database.db.select().from(users).where(eq(users.id, admin.id));
    expect(after!.sessionVersion).toBe(before!.sessionVersion + 1);
    expect(await audit("user.second_factor_reset", admin.id)).toHaveLength(1);
    const lineage = await database.db.select().from(accountInterventions).where(eq(accountInterventions.userId, admin.id));
    expect(lineage.map((row) => [row.byUserId, row.kind])).toEqual([[other.id, "factor_reset"]]);
    // Four eyes: the admin who reset it is no longer independent of that account.
    expect(await independenceProblem(database.db, { id: other.id, who: "payout_creator" }, admin.id, "approve")).toMatch(
      /^fourEyes\.theyReachedYou .*"path":"factor_reset"/,
    );
    expect((await refusal(resetSecondFactor(database.db, admin.id, actor))).code).toBe("conflict:no_factor");
  });

  it("the roles that must use a second factor: admins by default, changed and audited", async () => {
    expect(await factorRoles(database.db)).toEqual(["admin"]);
    await setFactorRoles(database.db, ["operator", "admin"], { userId: other.id, email: other.email });
    expect(await factorRoles(database.db)).toEqual(["operator", "admin"]);
    await setFactorRoles(database.db, ["admin", "operator"], { userId: other.id, email: other.email });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.action, "settings.second_factor_roles"));
    expect(entries.map((e) => e.details)).toEqual([{ from: ["admin"], to: ["operator", "admin"] }]);
  });
});
