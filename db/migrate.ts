import "server-only";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { Pool } from "pg";
import { pool } from "./client";

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

/** Any fixed number, the same in every instance: the lock migrations take turns on. */
const MIGRATION_LOCK = 7_414_051;

/**
 * Applies the SQL that `drizzle-kit generate` wrote, once per migration.
 * Instances starting together take turns on a session advisory lock, so
 * only the first applies anything; the others find nothing left to do.
 */
export async function migrateDatabase(target: Pool = pool()): Promise<void> {
  const connection = await target.connect();
  try {
    await connection.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(connection, { casing: "snake_case" }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await connection.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    connection.release();
  }
}
