import "server-only";
import { closeDb, openConnectionsFromHere } from "@/db/client";
import { sendLowStockDigest } from "./admin/low-stock-digest";
import { deliverDueEmails } from "./email/outbox";
import { ConfigError, env } from "./env";
import { stopKicking, whenIdle } from "./jobs/kick";
import { runExpiryOnce } from "./payments/expiry";

const EMAIL_EVERY_MS = 15_000;
const EXPIRY_EVERY_MS = 60_000;
// The digest goes out at the first check after its hour: at most this late.
const LOW_STOCK_DIGEST_EVERY_MS = 15 * 60_000;

/**
 * Stops the process at once on bad configuration, then starts this
 * instance's share of the background work. Every job takes its rows with
 * FOR UPDATE SKIP LOCKED, or claims its period in job_run, so any number of
 * instances can run them.
 */
export function startInstance(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // Before any request: pooled connections must not carry a request's async context.
  openConnectionsFromHere();
  every(EMAIL_EVERY_MS, "email delivery", () => deliverDueEmails());
  every(EXPIRY_EVERY_MS, "payment expiry", () => runExpiryOnce());
  every(LOW_STOCK_DIGEST_EVERY_MS, "low-stock digest", () => sendLowStockDigest());
  (globalThis as { [INSTANCE_HOOKS]?: unknown })[INSTANCE_HOOKS] = { stopTakingJobs, finishJobsAndClose };
}

/** The server's handle on this instance for shutdown (scripts/server.ts reads it). */
const INSTANCE_HOOKS = Symbol.for("percha.instance");
const timers: NodeJS.Timeout[] = [];
const runs = new Set<Promise<void>>();

/** SIGTERM, first step: no new background work here; rows stay queued for other instances. */
export function stopTakingJobs(): void {
  for (const timer of timers.splice(0)) clearInterval(timer);
  stopKicking();
}

/** SIGTERM, once requests have finished: let running jobs finish their transactions, then close the pool. */
export async function finishJobsAndClose(): Promise<void> {
  stopTakingJobs();
  while (runs.size > 0) await Promise.all(runs);
  await whenIdle();
  await closeDb();
}

/** Runs `job` on an interval, never two runs of it at once, logging failures. */
function every(ms: number, name: string, job: () => Promise<unknown>): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const run = job()
      .then(() => undefined, (error: unknown) => console.error(`${name} failed:`, error))
      .finally(() => {
        running = false;
        runs.delete(run);
      });
    runs.add(run);
  }, ms);
  timer.unref();
  timers.push(timer);
}
