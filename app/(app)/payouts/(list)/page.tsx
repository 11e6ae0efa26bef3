import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "@/lib/i18n/server";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { can } from "@/lib/accounts/permissions";
import { LIST_PATHS } from "@/lib/applications/url-state";
import { visibleViewsOfRequest } from "@/lib/views/queries";
import { ApplicationsList } from "../../_components/applications-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("lists"))("title.payout") };
}

export default async function PayoutsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("applications:read");
  const params = await searchParams;
  // A bare list URL opens the reader's default view, if they chose one.
  if (Object.keys(params).length === 0) {
    const view = (await visibleViewsOfRequest(user.id, "payout")).find((v) => v.isDefault);
    if (view) redirect(`${LIST_PATHS.payout}?${view.query}${view.query ? "&" : ""}saved=${view.id}`);
  }
  return (
    <ApplicationsList
      type="payout"
      searchParams={params}
      scope={allowedProjects(user)}
      viewer={{ id: user.id, canShare: can(user.role, "views:share") }}
    />
  );
}
