import "server-only";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Database = NodePgDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

type Client = { pool: Pool; db: Database };

// One pool per process; cached on globalThis so dev reloads and tests reuse it.
const globalForDb = globalThis as unknown as { perchaDb?: Client };

function connect(): Client {
  const url = env().databaseUrl;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the shop with `npm start`, which provides a database");
  }
  const pool = new Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle client losing its connection must not crash the server.
  pool.on("error", (error) => console.error("PostgreSQL pool error:", error.message));
  return { pool, db: drizzle(pool, { schema, casing: "snake_case" }) };
}

function client(): Client {
  globalForDb.perchaDb ??= connect();
  return globalForDb.perchaDb;
}

/** The database, connected on first use (never at build time). */
export const db: Database = new Proxy({} as Database, {
  get(_target, key) {
    const real = client().db;
    const value: unknown = Reflect.get(real, key);
    return typeof value === "function" ? value.bind(real) : value;
  },
  // Libraries (the Auth.js adapter) recognise a Drizzle database by its prototype.
  getPrototypeOf: () => Object.getPrototypeOf(client().db) as object,
});

/** The connection pool itself, for work that needs one session (advisory locks). */
export function pool(): Pool {
  return client().pool;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.perchaDb;
  globalForDb.perchaDb = undefined;
  await current?.pool.end();
}
