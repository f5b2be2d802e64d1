/**
 * Where a measurement's cost went, read from the system rather than guessed:
 * CPU of the app's server processes, of the PostgreSQL backends serving the
 * bench database and of this process (load generator, stand-in), from /proc;
 * and the database's own counters (transactions, time executing statements,
 * time transactions sat open waiting for the app) from pg_stat_database.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Client } from "pg";
import { processTree } from "./memory";
import { round, sleep } from "./stats";

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);
// PostgreSQL publishes a backend's counters at most about once a second.
const STATS_FLUSH_MS = 1100;

export type Usage = {
  appCpuMs: number;
  postgresCpuMs: number;
  benchCpuMs: number;
  transactions: number;
  /** Time statements ran (including waits for locks). */
  statementMs: number;
  /** Time transactions stayed open between statements, waiting for the app. */
  idleInTransactionMs: number;
};

export type Reading = { cpu: Map<string, number>; database: { transactions: number; statementMs: number; idleInTransactionMs: number } };
export type UsageMeter = { read(): Promise<Reading>; close(): Promise<void> };

/** utime + stime of one process in ms; 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command name: state(0) ppid(1) … utime(11) stime(12).
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * Cumulative CPU per process ("app:<pid>", "pg:<pid>", "bench") and the
 * database's counters. Backends that appear between two reads count from zero.
 */
export function usageMeter(appPids: number[], databaseUrl: string, database: string): UsageMeter {
  const client = new Client({ connectionString: databaseUrl });
  // The bench database is dropped WITH (FORCE) on interrupt: a closed connection then is expected.
  client.on("error", () => undefined);
  const connected = client.connect();
  return {
    read: async () => {
      await connected;
      const cpu = new Map<string, number>();
      for (const root of appPids) for (const pid of processTree(root)) cpu.set(`app:${pid}`, cpuMs(pid));
      const backends = await client.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
      for (const { pid } of backends.rows) cpu.set(`pg:${pid}`, cpuMs(pid));
      const own = process.cpuUsage();
      cpu.set("bench", (own.user + own.system) / 1000);
      await client.query("SELECT pg_stat_clear_snapshot()");
      const stats = await client.query<{ transactions: string; statement_ms: number; idle_ms: number }>(
        `SELECT xact_commit + xact_rollback AS transactions, active_time AS statement_ms, idle_in_transaction_time AS idle_ms
         FROM pg_stat_database WHERE datname = $1`, [database]);
      const row = stats.rows[0];
      return {
        cpu,
        database: { transactions: Number(row?.transactions ?? 0), statementMs: row?.statement_ms ?? 0, idleInTransactionMs: row?.idle_ms ?? 0 },
      };
    },
    close: () => client.end(),
  };
}

/** Reads once now; `finish()` waits for PostgreSQL to publish its counters, reads again and returns the difference. */
export async function startUsage(meter: UsageMeter | undefined): Promise<{ finish(): Promise<Usage | null> }> {
  const before = await meter?.read();
  return {
    finish: async () => {
      if (!meter || !before) return null;
      await sleep(STATS_FLUSH_MS);
      return between(before, await meter.read());
    },
  };
}

function between(before: Reading, after: Reading): Usage {
  const usage: Usage = { appCpuMs: 0, postgresCpuMs: 0, benchCpuMs: 0, transactions: 0, statementMs: 0, idleInTransactionMs: 0 };
  for (const [key, value] of after.cpu) {
    const spent = Math.max(0, value - (before.cpu.get(key) ?? 0));
    if (key.startsWith("app:")) usage.appCpuMs += spent;
    else if (key.startsWith("pg:")) usage.postgresCpuMs += spent;
    else usage.benchCpuMs += spent;
  }
  usage.transactions = after.database.transactions - before.database.transactions;
  usage.statementMs = after.database.statementMs - before.database.statementMs;
  usage.idleInTransactionMs = after.database.idleInTransactionMs - before.database.idleInTransactionMs;
  return usage;
}

/** `usage` divided by `count` (requests, orders…), rounded for the report. */
export function perUnit(usage: Usage | null, count: number): Usage | null {
  if (!usage || count <= 0) return null;
  const each = (value: number) => round(value / count, 3) ?? 0;
  return {
    appCpuMs: each(usage.appCpuMs), postgresCpuMs: each(usage.postgresCpuMs), benchCpuMs: each(usage.benchCpuMs),
    transactions: each(usage.transactions), statementMs: each(usage.statementMs), idleInTransactionMs: each(usage.idleInTransactionMs),
  };
}
