import { sql } from "drizzle-orm";
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, statusIdempotencyKey, verifyAlertSignature } from "@/lib/highhelp";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { usableAlertKeys } from "@/lib/callbacks/receive-callback";
import { defaultCallbackGateway } from "@/lib/server/gateway";

/**
 * Bench-only door, closed (404) unless the server was started with BENCH_NAIVE_CALLBACK=1, which
 * only `npm run bench:callbacks` does. It is the ceiling of the stack for a callback: read the
 * body, verify signature and timestamp as the real callback route does, then one
 * `insert … on conflict do nothing` of (idempotency key, body) into `bench_naive_events`, a table
 * the bench creates in its throwaway database (it is in no migration). Nothing else is checked,
 * stored or applied: never route real traffic here.
 */
export async function POST(request: Request): Promise<Response> {
  if (process.env.BENCH_NAIVE_CALLBACK !== "1") return errorResponse(new AppError("not_found:route", "Not found."));
  const rawBody = await request.text();
  // The default register, as the real route's URLs without a token: any of its usable alert keys.
  const gateway = await defaultCallbackGateway();
  if (gateway === null) return errorResponse(new AppError("not_found:callback_register", "No cash register."));
  let verified: ReturnType<typeof verifyAlertSignature> = { ok: false, reason: "bad_signature" };
  for (const key of usableAlertKeys(gateway)) {
    verified = verifyAlertSignature({
      rawBody,
      signature: request.headers.get(HEADER_SIGNATURE),
      timestamp: request.headers.get(HEADER_TIMESTAMP),
      key,
      profile: gateway.profile,
    });
    if (verified.ok) break;
  }
  if (!verified.ok) return errorResponse(new AppError("unauthenticated:invalid_signature", verified.reason));
  const body = verified.body as {
    project_id?: unknown;
    general?: { payment_id?: unknown };
    status?: { status?: unknown; sub_status?: unknown };
  };
  const key = statusIdempotencyKey(
    String(body.project_id),
    String(body.general?.payment_id),
    String(body.status?.status),
    body.status?.sub_status == null ? null : String(body.status.sub_status),
  );
  const db = await getDb();
  await db.execute(sql`insert into bench_naive_events (key, body) values (${key}, ${rawBody}) on conflict do nothing`);
  return Response.json({ ok: true });
}
