/**
 * The database's limit for the hot item: the one guarded decrement every
 * sale ends in, on one row, from `concurrency` connections, as fast as
 * PostgreSQL takes it. Nothing else runs in these transactions.
 */
import { Client } from "pg";
import { perUnit, startUsage, type Usage, type UsageMeter } from "./usage";
import { percentile, round } from "./stats";

export type DbLimitResult = {
  concurrency: number;
  seconds: number;
  updates: number;
  updatesPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
  startQuantity: number;
  endQuantity: number;
  /** Cost of one successful update (PostgreSQL CPU is the floor for any statement-bound request). */
  usagePerUpdate: Usage | null;
};

const GUARDED_UPDATE = "UPDATE item_stock SET quantity = quantity - 1 WHERE id = $1 AND quantity >= 1";
const WARMUP_PER_CLIENT = 20;
const MAX_LATENCIES = 200_000;

async function quantityOf(client: Client, id: number): Promise<number> {
  const result = await client.query<{ quantity: number }>("SELECT quantity FROM item_stock WHERE id = $1", [id]);
  return result.rows[0]?.quantity ?? -1;
}

export async function measureDbLimit(options: {
  databaseUrl: string;
  itemStockId: number;
  concurrency: number;
  durationMs: number;
  maxUpdates: number;
  usage?: UsageMeter;
}): Promise<DbLimitResult> {
  const { databaseUrl, itemStockId, concurrency, durationMs, maxUpdates, usage } = options;
  const clients = Array.from({ length: concurrency }, () => new Client({ connectionString: databaseUrl }));
  // The bench database is dropped WITH (FORCE) on interrupt: a closed connection then is expected.
  for (const client of clients) client.on("error", () => undefined);
  await Promise.all(clients.map((c) => c.connect()));
  try {
    const first = clients[0];
    if (!first) throw new Error("no connection");
    await Promise.all(clients.map(async (c) => {
      for (let i = 0; i < WARMUP_PER_CLIENT; i++) await c.query(GUARDED_UPDATE, [itemStockId]);
    }));
    const startQuantity = await quantityOf(first, itemStockId);

    const measuring = await startUsage(usage);
    const latencies: number[] = [];
    let updates = 0;
    let issued = 0;
    const started = performance.now();
    const stopAt = started + durationMs;
    await Promise.all(clients.map(async (client) => {
      while (performance.now() < stopAt && issued < maxUpdates) {
        issued += 1;
        const t0 = performance.now();
        const result = await client.query(GUARDED_UPDATE, [itemStockId]);
        if (latencies.length < MAX_LATENCIES) latencies.push(performance.now() - t0);
        if (result.rowCount === 1) updates += 1;
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const spent = await measuring.finish();
    return {
      concurrency,
      seconds: round(seconds, 2) ?? 0,
      updates,
      updatesPerSecond: round(updates / seconds, 1) ?? 0,
      p50Ms: round(percentile(latencies, 50), 2),
      p95Ms: round(percentile(latencies, 95), 2),
      startQuantity,
      endQuantity: await quantityOf(first, itemStockId),
      usagePerUpdate: perUnit(spent, updates),
    };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
