import "server-only";
import { AsyncResource } from "node:async_hooks";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Client as PgClient, Pool } from "pg";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Database = NodePgDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

type Client = { pool: Pool; db: Database };

// One pool per process; cached on globalThis so dev reloads and tests reuse it.
const globalForDb = globalThis as unknown as { perchaDb?: Client };

/**
 * A pooled connection lives for many requests, and must hold none of them.
 * Opened from inside a page's render, it would hold that render: its socket
 * keeps the async context it was opened in (the render's AsyncLocalStorage
 * stores, React's request among them), and pg's connection listeners keep
 * the callback that asked for it (through pg-pool, the render's promise).
 * A finished render reaches the renders after it (its cacheSignal's abort
 * error keeps the stack's setImmediate callbacks, linked to the others
 * queued with them), so while the pool stays busy nothing of them is freed:
 * the back office under load grew the heap past 200 MB this way.
 *
 * So the pool opens each connection in the async context of the server's
 * start, and forgets the caller's callback once it has been answered.
 * Shared through globalThis: Next's bundles each load their own copy of
 * this module.
 */
const OUTSIDE_REQUESTS = Symbol.for("percha.db.outside-requests");
const scopes = globalThis as { [OUTSIDE_REQUESTS]?: AsyncResource };

/**
 * Call once at the server's start, outside any request (lib/instance.ts):
 * the pool opens every connection from the async context of this call.
 * Scripts and tests, which have no requests, need not.
 */
export function openConnectionsFromHere(): void {
  scopes[OUTSIDE_REQUESTS] ??= new AsyncResource("percha.db.connect");
}

type ConnectCallback = Parameters<PgClient["connect"]>[0] & {};

/** A pg client that holds nothing of whoever opened it (see OUTSIDE_REQUESTS). */
class DetachedClient extends PgClient {
  override connect(): Promise<PgClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<PgClient> | void {
    if (!callback) {
      return new Promise((resolve, reject) => this.connect((error: Error | null) => (error ? reject(error) : resolve(this))));
    }
    // pg keeps the callback it is given for the connection's life; it gets one that lets go of the caller's once called.
    let waiting: ConnectCallback | undefined = callback;
    const answer = (...args: Parameters<ConnectCallback>) => {
      const caller = waiting as ((...a: Parameters<ConnectCallback>) => void) | undefined;
      waiting = undefined;
      caller?.(...args);
    };
    const open = () => super.connect(answer);
    const scope = scopes[OUTSIDE_REQUESTS];
    if (scope) scope.runInAsyncScope(open);
    else open();
  }
}

function connect(): Client {
  const url = env().databaseUrl;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the shop with `npm start`, which provides a database");
  }
  const pool = new Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), Client: DetachedClient });
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
