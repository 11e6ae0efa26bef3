import fs from "node:fs";

// Scripts see the same .env files as `next dev` / `next start` (real environment variables win).
for (const file of [".env.local", ".env"]) {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
