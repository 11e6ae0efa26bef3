import type { Metadata } from "next";
import { requirePermission } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { DateTime } from "@/components/date-time";
import { getDb } from "@/lib/server/db";
import { getTranslations } from "@/lib/i18n/server";
import { ROLES } from "@/drizzle/schema";
import { listUsers, registerChoices, scopedRegistersByUser, usersWithSecondFactor } from "@/lib/accounts/queries";
import { factorRoles } from "@/lib/accounts/second-factor";
import { CreateUserForm } from "./_components/create-user-form";
import { FactorRolesForm } from "./_components/factor-roles-form";
import { RegisterScopeEditor } from "./_components/register-scope-editor";
import { UserRowActions } from "./_components/user-row-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("title") };
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
  const roleName = (role: string) => t(`users.roleName.${role}`);
  const when = (date: Date | null) => (date ? <DateTime at={date} unit="minute" /> : t("users.never"));
  const awaiting = (role: string, by: string | undefined) =>
    by ? t("users.awaitingBy", { role: roleName(role), by }) : t("users.awaiting", { role: roleName(role) });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("users.title")}</h1>
        <p className="text-sm text-slate-600">{t("users.intro")}</p>
      </div>
      {can(me.role, "settings:security") ? (
        <FactorRolesForm roles={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} required={requiredRoles} />
      ) : null}
      <CreateUserForm registers={options} />
      <div
        className="relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
        role="region"
        aria-label={t("users.title")}
        tabIndex={0}
      >
        <table className="min-w-full divide-y divide-slate-200 text-sm [&_td]:align-top" data-testid="users-table">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">{t("users.columns.user")}</th>
              <th className="px-4 py-2">{t("users.columns.role")}</th>
              <th className="px-4 py-2">{t("users.columns.registers")}</th>
              <th className="px-4 py-2">{t("users.columns.status")}</th>
              <th className="px-4 py-2">{t("users.columns.actions")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <tr key={user.id} id={`user-${user.id}`} data-email={user.email}>
                <td className="px-4 py-2">
                  <p className="font-medium">{user.name}</p>
                  <p className="text-xs break-all text-slate-500">{user.email}</p>
                </td>
                <td className="px-4 py-2">
                  <p>{user.activationPending ? t("users.noRoleYet") : roleName(user.role)}</p>
                  {user.pendingRole ? (
                    <p className="text-xs text-amber-700" data-testid="pending-role">
                      {awaiting(user.pendingRole, user.pendingRoleBy ? emailOf.get(user.pendingRoleBy) : undefined)}
                    </p>
                  ) : null}
                </td>
                <td className="px-4 py-2" data-testid="user-registers">
                  <p>
                    {user.role === "admin" || user.registerScope === "all"
                      ? t("users.registersAll")
                      : (scoped.get(user.id) ?? []).map((r) => r.name).join(", ") || t("users.registersNone")}
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
                {/* Second factor and last sign-in sit under the status: seven columns do not fit beside the sidebar. */}
                <td className="px-4 py-2">
                  <p>
                    {user.disabled
                      ? t("users.state.disabled")
                      : user.activationPending
                        ? t("users.state.cannotSignIn")
                        : user.mustChangePassword
                          ? t("users.state.oneTimePassword")
                          : t("users.state.active")}
                  </p>
                  <p className="text-xs text-slate-600">
                    {t("secondFactor.users.column")}:{" "}
                    <span data-testid="user-second-factor">
                      {withFactor.has(user.id) ? t("secondFactor.users.on") : t("secondFactor.users.off")}
                    </span>
                  </p>
                  <p className="text-xs text-slate-600">
                    {t("users.columns.lastSignIn")}: {when(user.lastLoginAt)}
                  </p>
                </td>
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
