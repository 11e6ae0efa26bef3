import type { Metadata } from "next";
import { getTranslations } from "@/lib/i18n/server";
import { requirePermission } from "@/lib/accounts/auth";
import { DateTime } from "@/components/date-time";
import type { ReactNode } from "react";
import { listRegisters, type AlertKeyView } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { listGateways, registerCallbackUrls } from "@/lib/server/gateway";
import { AddRegisterForm } from "./_components/add-register-form";
import { RegisterPanel } from "./_components/register-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registers"))("title") };
}

function keyState(t: Awaited<ReturnType<typeof getTranslations>>, key: AlertKeyView): ReactNode {
  if (key.state === "active") return t("keyState.active");
  if (key.state === "retiring") return t.rich("keyState.retiring", { at: () => <DateTime at={key.retiresAt!} unit="minute" /> });
  return t.rich("keyState.retired", { at: () => <DateTime at={(key.retiredAt ?? key.retiresAt)!} unit="minute" /> });
}

export default async function RegistersPage() {
  await requirePermission("registers:manage");
  const t = await getTranslations("registers");
  const registers = await listRegisters(await getDb());
  // The URLs the app puts in the register's applications (the default register keeps the ones without a token).
  const inUse = new Map((await listGateways()).map((g) => [g.projectId, g.callbackUrls]));
  const defaultApiUrl = env.HIGHHELP_API_URL ?? `http://127.0.0.1:${env.SANDBOX_PORT}`;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600">
          {t("intro")}
          {env.sandboxMode ? ` ${t("sandbox")}` : ""}
        </p>
      </div>

      <div
        className="relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
        role="region"
        aria-label={t("title")}
        tabIndex={0}
      >
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="registers-table">
          <caption className="sr-only">{t("title")}</caption>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2">
                {t("columns.name")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.projectId")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.status")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.currencies")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.methods")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.requestKey")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("columns.alertKeys")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {registers.map((r) => (
              <tr key={r.id} data-register={r.name}>
                <td className="px-4 py-2 font-medium">
                  <a href={`#register-${r.id}`} className="text-indigo-700 hover:underline">
                    {r.name}
                  </a>
                </td>
                <td className="px-4 py-2 font-mono text-xs break-all">{r.projectId}</td>
                <td className="px-4 py-2">{r.status === "active" ? t("status.active") : t("status.disabled")}</td>
                <td className="px-4 py-2">{r.currencies.length === 0 ? t("any") : r.currencies.join(", ")}</td>
                <td className="px-4 py-2">{r.methods.length === 0 ? t("any") : r.methods.join(", ")}</td>
                <td className="px-4 py-2">
                  <span className="font-mono text-xs break-all">{r.requestKeyFingerprint}</span>
                  <span className="block text-xs text-slate-500">{r.requestAlgorithm}</span>
                </td>
                <td className="px-4 py-2">
                  <ul className="space-y-1">
                    {r.alertKeys.map((k) => (
                      <li key={k.id} className={k.state === "retired" ? "text-slate-500" : ""}>
                        <span className="font-mono text-xs break-all">{k.fingerprint}</span>{" "}
                        <span className="text-xs">
                          ({k.algorithm}, {keyState(t, k)})
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {registers.map((r) => {
        const urls = inUse.get(r.projectId) ?? registerCallbackUrls(r.callbackToken);
        return (
          <RegisterPanel
            key={r.id}
            register={{
              id: r.id,
              name: r.name,
              status: r.status,
              callbackUrls: [
                { label: t("callbackUrl.intermediate"), url: urls.merchant_callback_url },
                { label: t("callbackUrl.success"), url: urls.merchant_success_callback_url },
                { label: t("callbackUrl.decline"), url: urls.merchant_decline_callback_url },
              ],
              alertKeys: r.alertKeys.map((k) => ({ id: k.id, fingerprint: k.fingerprint, usable: k.state !== "retired" })),
            }}
          />
        );
      })}

      <AddRegisterForm defaultApiUrl={defaultApiUrl} />
    </div>
  );
}
