import { z } from "zod";

// zod 4 probes `new Function` once to compile faster parsers; the Content-Security-Policy forbids
// eval (lib/security-headers.ts), so tell it not to try rather than have the browser report it.
z.config({ jitless: true });
