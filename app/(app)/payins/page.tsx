import type { Metadata } from "next";
import { latestApplications } from "@/lib/applications/summary";
import { requirePermission } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { ApplicationsTable } from "../_components/applications-table";

export const metadata: Metadata = { title: "Payins" };

export default async function PayinsPage() {
  await requirePermission("applications:read");
  const rows = await latestApplications(await getDb(), "payin");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Payins</h1>
      <ApplicationsTable rows={rows} emptyText="No payins yet." />
    </div>
  );
}
