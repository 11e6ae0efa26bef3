import type { Metadata } from "next";
import { requirePermission } from "@/lib/accounts/auth";
import { ApplicationsList } from "../../_components/applications-table";

export const metadata: Metadata = { title: "Payouts" };

export default async function PayoutsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission("applications:read");
  return <ApplicationsList type="payout" searchParams={await searchParams} />;
}
