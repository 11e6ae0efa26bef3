"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useStepUp } from "@/components/step-up";
import type { ActionResult } from "@/lib/server/action";
import { useTranslations } from "next-intl";
import {
  changeRoleAction,
  confirmAdminAction,
  resetPasswordAction,
  resetSecondFactorAction,
  setDisabledAction,
} from "../actions";
import { OneTimePassword } from "./one-time-password";

/**
 * Role, enable / disable, password reset for one user (the server refuses what would break a rule).
 * A new role is chosen, then saved, then confirmed: picking it in the list alone changes nothing.
 */
export function UserRowActions({
  userId,
  email,
  role,
  disabled,
  isSelf,
  hasSecondFactor = false,
  canConfirmAdmin = false,
}: {
  userId: number;
  email: string;
  /** The role asked for when one awaits confirmation, else the role. */
  role: string;
  disabled: boolean;
  isSelf: boolean;
  /** The user has a confirmed second factor (another admin may reset it). */
  hasSecondFactor?: boolean;
  /** Admin rights await confirmation and this admin did not ask for them. */
  canConfirmAdmin?: boolean;
}) {
  const router = useRouter();
  const stepUp = useStepUp();
  const [pending, startTransition] = useTransition();
  const [password, setPassword] = useState<string | null>(null);
  const [chosen, setChosen] = useState(role);
  const [shownRole, setShownRole] = useState(role);
  const [confirming, setConfirming] = useState(false);
  const [resettingFactor, setResettingFactor] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const t = useTranslations("secondFactor.users");
  const tr = useTranslations("users.row");
  const tc = useTranslations("confirm.disableUser");
  const roleName = useTranslations("users.roleName");
  const select = useRef<HTMLSelectElement>(null);
  // The saved role changed (after a save, or another admin's): the list shows it again.
  if (shownRole !== role) {
    setShownRole(role);
    setChosen(role);
  }
  const run = <T,>(
    action: (input: unknown) => Promise<ActionResult<T>>,
    input: Record<string, string>,
    then?: (data: T) => void,
  ) =>
    startTransition(async () => {
      const result = await stepUp(action)({ userId: String(userId), ...input });
      if (!result.ok) toast.error(result.message);
      else {
        toast.success(result.message ?? tr("done"));
        then?.(result.data);
      }
      router.refresh();
    });
  /** Back or Escape: the choice is dropped. After a save or a refusal the dialog closes too. */
  const closeRoleDialog = () => {
    if (confirming) {
      setConfirming(false);
      setChosen(role);
    }
    // The dialog gives focus back to the Save button, which is disabled once the choice is the saved role again.
    requestAnimationFrame(() => select.current?.focus());
  };
  const saveRole = () =>
    startTransition(async () => {
      const result = await stepUp(changeRoleAction)({ userId: String(userId), role: chosen });
      if (result.ok) toast.success(result.message ?? tr("roleChanged"));
      else {
        toast.error(result.message);
        setChosen(role);
      }
      setConfirming(false);
      router.refresh();
    });
  const roleSelectId = `role-${userId}`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={roleSelectId}>
        {tr("roleOf", { email })}
      </label>
      <select
        id={roleSelectId}
        ref={select}
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
        className="rounded-md border-0 bg-white py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
      >
        <option value="viewer">{roleName("viewer")}</option>
        <option value="operator">{roleName("operator")}</option>
        <option value="admin">{roleName("admin")}</option>
      </select>
      <Button
        variant="secondary"
        disabled={pending || chosen === role}
        aria-label={tr("saveRoleAria", { email })}
        onClick={() => setConfirming(true)}
      >
        {tr("saveRole")}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={tr("changeTitle", { email })}
        body={tr("changeBody", { from: roleName(role), to: roleName(chosen), role: chosen })}
        confirmLabel={tr("make", { role: roleName(chosen) })}
        pending={pending}
        onClose={closeRoleDialog}
        onConfirm={saveRole}
      />
      {canConfirmAdmin ? (
        <Button disabled={pending} aria-label={tr("confirmAdminAria", { email })} onClick={() => run(confirmAdminAction, {})}>
          {tr("confirmAdmin")}
        </Button>
      ) : null}
      {isSelf ? null : (
        <Button
          variant="secondary"
          disabled={pending}
          aria-label={disabled ? tr("enableAria", { email }) : tr("disableAria", { email })}
          onClick={() => (disabled ? run(setDisabledAction, { disabled: "false" }) : setDisabling(true))}
        >
          {disabled ? tr("enable") : tr("disable")}
        </Button>
      )}
      <ConfirmDialog
        open={disabling}
        title={tc("title", { email })}
        body={tc("body")}
        confirmLabel={tc("confirm")}
        variant="danger"
        pending={pending}
        onClose={() => setDisabling(false)}
        onConfirm={() => {
          setDisabling(false);
          run(setDisabledAction, { disabled: "true" });
        }}
      />
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => run(resetPasswordAction, {}, (data) => setPassword(data.password))}
      >
        {tr("resetPassword")}
      </Button>
      {hasSecondFactor && !isSelf ? (
        <Button
          variant="secondary"
          disabled={pending}
          aria-label={t("resetAria", { email })}
          onClick={() => setResettingFactor(true)}
        >
          {t("reset")}
        </Button>
      ) : null}
      <ConfirmDialog
        open={resettingFactor}
        title={t("resetTitle", { email })}
        body={t("resetBody")}
        confirmLabel={t("reset")}
        variant="danger"
        pending={pending}
        onClose={() => setResettingFactor(false)}
        onConfirm={() => {
          setResettingFactor(false);
          run(resetSecondFactorAction, {});
        }}
      />
      {password ? <OneTimePassword email={email} password={password} onDone={() => setPassword(null)} /> : null}
    </div>
  );
}
