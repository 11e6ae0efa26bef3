import { defineConfig } from "drizzle-kit";

// Only `generate` is used: migrations are applied by lib/server/db-open.ts (start-up and `npm run db:migrate`).
export default defineConfig({
  dialect: "postgresql",
  schema: "./drizzle/schema.ts",
  out: "./drizzle/migrations",
  casing: "snake_case",
});
