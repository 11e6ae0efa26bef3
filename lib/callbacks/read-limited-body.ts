export type LimitedBody =
  { ok: true; bytes: Uint8Array } | { ok: false; reason: "too_large"; declared: number | null; bytes: Uint8Array };

/**
 * Reads a request body as bytes, refusing more than `limit`. With a Content-Length (what HTTP
 * clients send) it is checked first and the body read in one `arrayBuffer()`; without one the
 * stream is read in chunks so that no more than `limit` bytes are ever buffered.
 */
export async function readLimitedBody(request: Request, limit: number): Promise<LimitedBody> {
  const header = request.headers.get("content-length");
  const declared = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : null;
  if (declared !== null && declared > limit) return { ok: false, reason: "too_large", declared, bytes: new Uint8Array(0) };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  if (declared !== null) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.byteLength > limit
      ? { ok: false, reason: "too_large", declared, bytes: bytes.subarray(0, limit) }
      : { ok: true, bytes };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    chunks.push(value);
    if (size > limit) {
      await reader.cancel();
      return { ok: false, reason: "too_large", declared: null, bytes: Buffer.concat(chunks).subarray(0, limit) };
    }
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) };
}
