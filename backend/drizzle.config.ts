import { defineConfig } from "drizzle-kit";

/** Migrations are generated from src/database/schema.ts with `npm run db:generate -w backend` and committed. */
export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/database/schema.ts", "./src/database/applications.schema.ts"],
  out: "./drizzle",
});
