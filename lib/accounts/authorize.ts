import "server-only";
import { AppError } from "@/lib/server/errors";
import { currentUser, type CurrentUser } from "./auth";
import { can, type Permission } from "./permissions";

/**
 * The one check of every server action and route handler: a live session, the permission, and no
 * one-time password still to replace (only the password change itself is open then). Pages use
 * requirePermission, which sends such accounts to the password change (lib/accounts/page-gate.int.test.ts).
 */
export async function authorize(permission: Permission): Promise<CurrentUser | AppError> {
  const user = await currentUser();
  if (!user) return new AppError("unauthenticated:session", "Your session has ended. Sign in again.");
  if (user.mustChangePassword && permission !== "account:password") {
    return new AppError("forbidden:password_change", "Change your one-time password first.");
  }
  if (!can(user.role, permission)) return new AppError(`forbidden:${permission}`, "Your role does not allow this.");
  return user;
}
