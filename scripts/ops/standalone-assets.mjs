// After `next build`: the standalone server (.next/standalone/server.js) serves the static assets and public/
// only when they sit beside it, as Next.js's self-hosting guide says; the build does not copy them itself.
import fs from "node:fs";

const target = ".next/standalone";
if (fs.existsSync(target)) {
  fs.cpSync(".next/static", `${target}/.next/static`, { recursive: true });
  if (fs.existsSync("public")) fs.cpSync("public", `${target}/public`, { recursive: true });
}
