import { config } from "zod/v4/core";

// zod 4 probes `new Function` once to compile faster parsers; the Content-Security-Policy forbids
// eval (lib/server/security-headers.ts), so tell it not to try rather than have the browser report it.
// Only zod's core config is imported here, so pages without forms do not load zod for it.
config({ jitless: true });
