/**
 * Counts database round trips in the PostgreSQL frontend stream (what a client sends). After the
 * untyped start-up packets (length, code: SSL and GSS encryption requests, then the startup
 * message) every message is a type byte and an int32 length that includes itself. A round trip
 * ends each Sync (`S`, the end of an extended-protocol query) and each simple Query (`Q`).
 */
export function createRoundTripCounter(): { feed(chunk: Buffer): number } {
  const SSL_REQUEST = 80877103;
  const GSSENC_REQUEST = 80877104;
  let startup = true;
  let skip = 0; // body bytes of the current message still to pass
  const header = Buffer.alloc(8);
  let headerLength = 0;
  return {
    /** Scans the next chunk of the stream; answers the round trips it completes. */
    feed(chunk: Buffer): number {
      let count = 0;
      let i = 0;
      while (i < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - i);
          skip -= n;
          i += n;
          continue;
        }
        const wanted = startup ? 8 : 5;
        const n = Math.min(wanted - headerLength, chunk.length - i);
        chunk.copy(header, headerLength, i, i + n);
        headerLength += n;
        i += n;
        if (headerLength < wanted) break;
        headerLength = 0;
        if (startup) {
          const code = header.readInt32BE(4);
          skip = header.readInt32BE(0) - 8;
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
        } else {
          const type = header[0];
          if (type === 0x53 /* S */ || type === 0x51 /* Q */) count++;
          skip = header.readInt32BE(1) - 4;
        }
      }
      return count;
    },
  };
}
