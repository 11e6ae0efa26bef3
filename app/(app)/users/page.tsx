import type { Metadata } from "next";
import { requirePermission } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { formatUtc } from "@/lib/dates/utc";
import { getDb } from "@/lib/server/db";
import { getTranslations } from "next-intl/server";
import { ROLES } from "@/drizzle/schema";
import { listUsers, registerChoices, scopedRegistersByUser, usersWithSecondFactor } from "@/lib/accounts/queries";
import { factorRoles } from "@/lib/accounts/second-factor";
import { CreateUserForm } from "./_components/create-user-form";
import { FactorRolesForm } from "./_components/factor-roles-form";
import { RegisterScopeEditor } from "./_components/register-scope-editor";
import { UserRowActions } from "./_components/user-row-actions";

export const metadata: Metadata = { title: "Users" };

const TEXT = {
  awaiting: (role: string, by: string | undefined) =>
    `${role}: awaiting confirmation by another admin${by ? ` (asked by ${by})` : ""}`,
  cannotSignIn: "cannot sign in until confirmed",
};

function when(date: Date | null): string {
  return date ? `${formatUtc(date, "minute")} UTC` : "never";
}

export default async function UsersPage() {
  const me = await requirePermission("users:manage");
  const db = await getDb();
  const [users, registers, scoped, withFactor, requiredRoles] = await Promise.all([
    listUsers(db),
    registerChoices(db),
    scopedRegistersByUser(db),
    usersWithSecondFactor(db),
    factorRoles(db),
  ]);
  const t = await getTranslations();
  const options = registers.map(({ id, name }) => ({ id, name }));
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-sm text-slate-600">
          Viewers read and export; operators also refresh, confirm and cancel payins and create payins; admins also make and
          approve payouts and manage users. New users get a one-time password and choose their own at first sign-in. A new admin,
          or a user made admin, gets admin rights only once another admin confirms them. A viewer or operator can be limited to
          some cash registers: applications of the others do not exist for them.
        </p>
      </div>
      {can(me.role, "settings:security") ? (
        <FactorRolesForm roles={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} required={requiredRoles} />
      ) : null}
      <CreateUserForm registers={options} />
      <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="users-table">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">User</th>
              <th className="px-4 py-2">Role</th>
              <th className="px-4 py-2">Cash registers</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2">{t("secondFactor.users.column")}</th>
              <th className="px-4 py-2">Last sign-in</th>
              <th className="px-4 py-2">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <tr key={user.id} data-email={user.email}>
                <td className="px-4 py-2">
                  <p className="font-medium">{user.name}</p>
                  <p className="text-xs text-slate-500">{user.email}</p>
                </td>
                <td className="px-4 py-2">
                  <p>{user.activationPending ? "none yet" : user.role}</p>
                  {user.pendingRole ? (
                    <p className="text-xs text-amber-700" data-testid="pending-role">
                      {TEXT.awaiting(user.pendingRole, user.pendingRoleBy ? emailOf.get(user.pendingRoleBy) : undefined)}
                    </p>
                  ) : null}
                </td>
                <td className="px-4 py-2" data-testid="user-registers">
                  <p>
                    {user.role === "admin" || user.registerScope === "all"
                      ? "All"
                      : (scoped.get(user.id) ?? []).map((r) => r.name).join(", ") || "None"}
                  </p>
                  {user.role === "admin" ? null : (
                    <RegisterScopeEditor
                      userId={user.id}
                      email={user.email}
                      registers={options}
                      scope={user.registerScope}
                      chosen={(scoped.get(user.id) ?? []).map((r) => r.id)}
                    />
                  )}
                </td>
                <td className="px-4 py-2">
                  {user.disabled
                    ? "disabled"
                    : user.activationPending
                      ? TEXT.cannotSignIn
                      : user.mustChangePassword
                        ? "one-time password"
                        : "active"}
                </td>
                <td className="px-4 py-2" data-testid="user-second-factor">
                  {withFactor.has(user.id) ? t("secondFactor.users.on") : t("secondFactor.users.off")}
                </td>
                <td className="px-4 py-2 text-slate-600">{when(user.lastLoginAt)}</td>
                <td className="px-4 py-2">
                  <UserRowActions
                    userId={user.id}
                    email={user.email}
                    role={user.pendingRole ?? user.role}
                    disabled={user.disabled}
                    isSelf={user.id === me.id}
                    hasSecondFactor={withFactor.has(user.id)}
                    canConfirmAdmin={
                      user.pendingRole === "admin" &&
                      user.id !== me.id &&
                      user.pendingRoleBy !== me.id &&
                      can(me.role, "users:confirm-admin")
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
