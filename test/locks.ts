import { sql } from "drizzle-orm";
import { db } from "@/db/client";

/** Polls `condition` every 50 ms until it holds; throws after `timeoutMs`. */
export async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether some session of the test database is queued for a variant's stock lock (lib/stock lockStock: an advisory lock). */
export async function waitsForStockLock(): Promise<boolean> {
  const { rows } = await db.execute<{ waiting: number }>(sql`
    select count(*)::int as waiting from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`);
  return (rows[0]?.waiting ?? 0) > 0;
}
