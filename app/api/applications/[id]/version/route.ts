import { applicationVersion, parseApplicationId } from "@/lib/applications/queries";
import { authorize } from "@/lib/accounts/authorize";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";

/** Polled by the application page to update itself when a callback or a poll changes it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await authorize("applications:read");
  if (user instanceof AppError) return errorResponse(user);
  const id = parseApplicationId((await params).id);
  const version = id === null ? null : await applicationVersion(await getDb(), id, allowedProjects(user));
  if (version === null) return errorResponse(new AppError("not_found:application", "This application does not exist."));
  return Response.json({ version }, { headers: { "cache-control": "no-store" } });
}
