import type { Metadata } from "next";
import { latestApplications } from "@/lib/applications/summary";
import { requirePermission } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { ApplicationsTable } from "../_components/applications-table";

export const metadata: Metadata = { title: "Payouts" };

export default async function PayoutsPage() {
  await requirePermission("applications:read");
  const rows = await latestApplications(await getDb(), "payout");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Payouts</h1>
      <ApplicationsTable rows={rows} emptyText="No payouts yet." />
    </div>
  );
}
