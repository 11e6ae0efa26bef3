import "server-only";
import { AppError } from "@/lib/server/errors";
import { currentUser, type CurrentUser } from "./auth";
import { can, type Permission } from "./permissions";

/**
 * The one check of every server action and route handler: a live session, its second factor proved
 * (only the code entry is open before), no one-time password still to replace (only the password change
 * is open then), an enrolled second factor when the role must use one (only enrolment and the password
 * change are open before), and the permission. Pages use requirePermission, which sends such accounts to
 * the page concerned (lib/accounts/page-gate.int.test.ts).
 */
export async function authorize(permission: Permission): Promise<CurrentUser | AppError> {
  const user = await currentUser();
  if (!user) return new AppError("unauthenticated:session", "accounts.errors.sessionEnded");
  const factor = user.secondFactor;
  if (factor.enrolled && factor.verifiedAt === null && permission !== "account:second-factor") {
    return new AppError("forbidden:second_factor", "accounts.errors.codeFirst");
  }
  if (user.mustChangePassword && permission !== "account:password") {
    return new AppError("forbidden:password_change", "accounts.errors.changePasswordFirst");
  }
  if (factor.required && !factor.enrolled && permission !== "account:second-factor" && permission !== "account:password") {
    return new AppError("forbidden:second_factor_enrol", "accounts.errors.enrolFirst");
  }
  if (!can(user.role, permission)) return new AppError(`forbidden:${permission}`, "accounts.errors.roleForbids");
  return user;
}
