import "server-only";
import path from "node:path";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { db } from "./client";

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

/** Applies the SQL that `drizzle-kit generate` wrote, once per migration. */
export async function migrateDatabase(): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}
