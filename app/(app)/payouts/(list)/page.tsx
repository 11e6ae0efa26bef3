import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects } from "@/lib/accounts/register-scope";
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
  return <ApplicationsList type="payout" searchParams={await searchParams} scope={allowedProjects(user)} />;
}
