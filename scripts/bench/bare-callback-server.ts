import http from "node:http";
import { handleCallbackRequest } from "@/lib/callbacks/receive-callback";
import { openDatabase } from "@/lib/server/db-open";
import { DEFAULT_SIGNATURE_PROFILE, prepareVerificationKey } from "@/lib/highhelp";

/**
 * The baseline of `npm run bench:callbacks`: a bare node:http server doing the same
 * verify-store-apply as the app's route handler (the same lib function), without Next.
 * Configured by the bench through BARE_* variables; prints its port on stdout.
 */
async function main(): Promise<void> {
  const handle = await openDatabase({ kind: "postgres", url: process.env.BARE_DATABASE_URL!, max: 10 });
  const ctx = {
    db: handle.db,
    projectId: process.env.BARE_PROJECT_ID!,
    alertKey: prepareVerificationKey({ kind: "rsa", publicKey: process.env.BARE_ALERT_PUBLIC_KEY! }),
    profile: DEFAULT_SIGNATURE_PROFILE,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://bare${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
      const kind = (req.url ?? "").split("/").pop() ?? "";
      void handleCallbackRequest(ctx, request, [kind]).then(async (response) => {
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(await response.text());
      });
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    console.log(`PORT=${typeof address === "object" && address ? address.port : 0}`);
  });
  process.on("SIGTERM", () => server.close(() => void handle.close().then(() => process.exit(0))));
}

void main();
