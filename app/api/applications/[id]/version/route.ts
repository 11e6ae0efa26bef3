import { applicationVersion, parseApplicationId } from "@/lib/applications/detail";
import { currentUser } from "@/lib/auth";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";

/** Polled by the application page to update itself when a callback or a poll changes it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401 });
  if (!can(user.role, "applications:read") || user.mustChangePassword) return Response.json({ error: "forbidden" }, { status: 403 });
  const id = parseApplicationId((await params).id);
  const version = id === null ? null : await applicationVersion(await getDb(), id);
  if (version === null) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json({ version }, { headers: { "cache-control": "no-store" } });
}
