import "server-only";
import { sendLowStockDigest } from "./admin/low-stock-digest";
import { deliverDueEmails } from "./email/outbox";
import { ConfigError, env } from "./env";
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
  every(EMAIL_EVERY_MS, "email delivery", () => deliverDueEmails());
  every(EXPIRY_EVERY_MS, "payment expiry", () => runExpiryOnce());
  every(LOW_STOCK_DIGEST_EVERY_MS, "low-stock digest", () => sendLowStockDigest());
}

/** Runs `job` on an interval, never two runs of it at once, logging failures. */
function every(ms: number, name: string, job: () => Promise<unknown>): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    job()
      .catch((error: unknown) => console.error(`${name} failed:`, error))
      .finally(() => {
        running = false;
      });
  }, ms);
  timer.unref();
}
