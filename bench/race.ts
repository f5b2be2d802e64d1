/**
 * A finalize race: many shoppers, each with a cart of their own, confirm and
 * pay at once, through the real code — confirm in this process
 * (lib/checkout), approval in the Mercado Pago stand-in, and finalization
 * through the signed webhook the stand-in posts to the app.
 *
 * The hot race gives every shopper the same scarce variant (one row every
 * finalize locks: the hot rate); the cold race gives each shopper a variant
 * of their own (no shared row: the cold rate). Same code, same concurrency,
 * so hot ÷ cold is what sharing one item costs.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { Client } from "pg";
import { db } from "@/db/client";
import { emailOutbox, itemStock, order, orderItem, stockHold } from "@/db/schema";
import type { MercadoPagoStandIn } from "@/e2e/stand-ins/mercadopago";
import { addToCart, newCartToken } from "@/lib/cart";
import { confirmOrder, contactSchema, type Contact } from "@/lib/checkout";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { perUnit, startUsage, type Usage, type UsageMeter } from "./usage";
import { percentile, pool, round, sleep, tally } from "./stats";

export type RaceResult = {
  /** "hot" (one shared variant) or "cold" (a variant per shopper). */
  kind: string;
  shoppers: number;
  /** How many distinct variants the shoppers buy. */
  variants: number;
  /** Units on hand over all of them at the start. */
  units: number;
  /** Orders that must end paid: min(shoppers, units). */
  expectedPaid: number;
  concurrency: number;
  seconds: number;
  /** Shoppers who got a payment link. */
  confirmed: number;
  /** Shoppers refused at confirm because holds already cover the stock. */
  refused: number;
  /** Any other confirm outcome or exception, by reason. */
  otherOutcomes: Record<string, number>;
  errors: string[];
  webhooks: { sent: number; byStatus: Record<string, number>; byOutcome: Record<string, number> };
  /** Webhooks the app answered with anything but 2xx (or not at all). */
  webhookFailures: number;
  paidOrders: number;
  /** Units left over all the race's variants. */
  finalStock: number;
  /** Lowest quantity of the race's variants, and of any row, seen while the race ran. */
  minStockSeen: number | null;
  minAnyStockSeen: number | null;
  stockSamples: number;
  /** Sessions of the bench database waiting on a lock (the hot item's stock lock or row), most and mean over the samples. */
  lockWaitersMax: number | null;
  lockWaitersMean: number | null;
  /** Mean number of sessions waiting on a lock, by the statement they wait in (normalised, cut short). */
  lockWaitersByStatement: Record<string, number>;
  /** What the race cost in all (app, PostgreSQL, this process: confirms and stand-in), and per paid order. */
  usage: Usage | null;
  usagePerPaidOrder: Usage | null;
  /** This process's event-loop delay during the race: high values would mean the bench itself slowed the stand-in. */
  benchEventLoopP99Ms: number | null;
  refunds: number;
  holdsLeft: number;
  purchaseEmails: number;
  finalizedPerSecond: number | null;
  finalizeWindowSeconds: number | null;
  webhookP50Ms: number | null;
  webhookP95Ms: number | null;
  confirmP50Ms: number | null;
  confirmP95Ms: number | null;
};

type WebhookCall = { dataId: string; status: number; outcome: string; startedAt: number; endedAt: number };

const WEBHOOK_PATH = "/api/mercadopago/webhook";
const SAMPLE_EVERY_MS = 20;
const MAX_SAMPLES = 30_000;

function contactFor(kind: string, index: number): Contact {
  return contactSchema.parse({
    email: `bench-${kind}-shopper-${index}@example.com`,
    fullName: "Bench Shopper",
    address: "Av. Corrientes 1234",
    city: "Buenos Aires",
    province: "C",
    postalCode: "C1043AAZ",
    phone: "11 4321-5678",
  });
}

/**
 * Watches the webhooks the stand-in posts from this process (it calls the
 * global fetch): when each started and ended, and what the app answered.
 * Observes only; requests and responses pass through untouched.
 */
function observeWebhooks(): { calls: WebhookCall[]; restore(): void } {
  const original = globalThis.fetch;
  const calls: WebhookCall[] = [];
  const observed = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.pathname !== WEBHOOK_PATH) return original(input, init);
    const startedAt = performance.now();
    const dataId = url.searchParams.get("data.id") ?? "";
    try {
      const response = await original(input, init);
      const body: unknown = await response.clone().json().catch(() => null);
      const outcome = typeof body === "object" && body !== null && "message" in body ? String(body.message) : "unreadable";
      calls.push({ dataId, status: response.status, outcome, startedAt, endedAt: performance.now() });
      return response;
    } catch (error) {
      calls.push({ dataId, status: 0, outcome: error instanceof Error ? error.name : "error", startedAt, endedAt: performance.now() });
      throw error;
    }
  };
  globalThis.fetch = observed;
  return { calls, restore: () => void (globalThis.fetch = original) };
}

/** Reads the lowest quantity of the race's variants (and of any row) until stopped. */
function sampleStock(databaseUrl: string, variantIds: number[]) {
  const client = new Client({ connectionString: databaseUrl });
  // The bench database is dropped WITH (FORCE) on interrupt: a closed connection then is expected.
  client.on("error", () => undefined);
  let running = true;
  let minHot: number | null = null;
  let minAny: number | null = null;
  let samples = 0;
  let lockWaitersMax = 0;
  let lockWaitersSum = 0;
  const waitersByStatement = new Map<string, number>();
  const done = (async () => {
    await client.connect();
    try {
      while (running && samples < MAX_SAMPLES) {
        const { rows } = await client.query<{ min_any: number; hot: number; lock_waiters: number }>(
          `SELECT min(quantity)::int AS min_any, (SELECT min(quantity)::int FROM item_stock WHERE id = ANY($1::int[])) AS hot,
             (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock') AS lock_waiters
           FROM item_stock`,
          [variantIds],
        );
        const row = rows[0];
        if (row) {
          minHot = Math.min(minHot ?? row.hot, row.hot);
          minAny = Math.min(minAny ?? row.min_any, row.min_any);
          lockWaitersMax = Math.max(lockWaitersMax, row.lock_waiters);
          lockWaitersSum += row.lock_waiters;
        }
        if (row && row.lock_waiters > 0) {
          const waiting = await client.query<{ statement: string; n: number }>(
            `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS statement, count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' GROUP BY 1`);
          for (const w of waiting.rows) waitersByStatement.set(w.statement, (waitersByStatement.get(w.statement) ?? 0) + w.n);
        }
        samples += 1;
        await sleep(SAMPLE_EVERY_MS);
      }
    } finally {
      await client.end();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      const lockWaitersByStatement = Object.fromEntries([...waitersByStatement]
        .sort((a, b) => b[1] - a[1])
        .map(([statement, sum]) => [statement, round(sum / Math.max(1, samples), 2) ?? 0]));
      return { minHot, minAny, samples, lockWaitersMax, lockWaitersMean: samples > 0 ? lockWaitersSum / samples : null, lockWaitersByStatement };
    },
  };
}

export async function runFinalizeRace(options: {
  kind: string;
  standIn: MercadoPagoStandIn;
  databaseUrl: string;
  /** Shopper i buys one unit of variantIds[i % length]: one id for the hot race, one per shopper for the cold. */
  variantIds: number[];
  /** Units on hand over all of variantIds. */
  units: number;
  shoppers: number;
  concurrency: number;
  deadline: number;
  usage?: UsageMeter;
}): Promise<RaceResult> {
  const { kind, standIn, databaseUrl, variantIds, units, shoppers, concurrency, deadline, usage } = options;
  if (variantIds.length === 0) throw new Error("a race needs at least one variant");
  const variantOf = (i: number): number => variantIds[i % variantIds.length] ?? -1;

  // Every shopper puts one unit in a cart of their own first: nothing is held yet, so all of them can.
  const owners = Array.from({ length: shoppers }, () => ({ token: newCartToken() }));
  await pool(shoppers, concurrency, async (i) => {
    const owner = owners[i];
    if (!owner) return;
    const added = await addToCart(owner, variantOf(i), 1);
    if (!added.ok) throw new Error(`shopper ${i} could not add variant ${variantOf(i)}: ${added.message}`);
  }, deadline);

  const measuring = await startUsage(usage);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const webhooks = observeWebhooks();
  const stock = sampleStock(databaseUrl, variantIds);
  const confirmMs: number[] = [];
  const errors: string[] = [];
  const started = performance.now();
  let outcomes: string[];
  try {
    outcomes = await pool(shoppers, concurrency, async (i) => {
      const owner = owners[i];
      if (!owner) return "missing";
      try {
        const t0 = performance.now();
        const confirmed = await confirmOrder(owner, contactFor(kind, i));
        confirmMs.push(performance.now() - t0);
        if (!confirmed.ok) return confirmed.reason;
        const preferenceId = new URL(confirmed.initPoint).searchParams.get("pref_id");
        if (!preferenceId) return "no_preference_in_link";
        // The stand-in approves and posts the signed webhook to APP_URL; this resolves once the app answered.
        await standIn.pay(preferenceId, "approved");
        return "confirmed";
      } catch (error) {
        if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
        return "exception";
      }
    }, deadline);
  } finally {
    webhooks.restore();
    loopDelay.disable();
  }
  const seconds = (performance.now() - started) / 1000;
  const sampled = await stock.stop();
  const spent = await measuring.finish();

  // Shoppers the deadline left out show up as "not_run".
  const counted = tally(Array.from({ length: shoppers }, (_, i) => outcomes[i] ?? "not_run"));
  const { confirmed = 0, shortfall = 0, ...otherOutcomes } = counted;
  const approved = webhooks.calls.filter((c) => c.status === 200 && c.outcome === "approved");
  const firstStart = Math.min(...approved.map((c) => c.startedAt));
  const lastEnd = Math.max(...approved.map((c) => c.endedAt));
  const windowSeconds = approved.length > 0 ? (lastEnd - firstStart) / 1000 : null;
  const answered = webhooks.calls.filter((c) => c.status === 200).map((c) => c.endedAt - c.startedAt);
  const checks = await databaseChecks(variantIds);
  return {
    kind, shoppers, variants: variantIds.length, units, expectedPaid: Math.min(shoppers, units), concurrency,
    seconds: round(seconds, 2) ?? 0,
    confirmed,
    refused: shortfall,
    otherOutcomes,
    errors,
    webhooks: {
      sent: webhooks.calls.length,
      byStatus: tally(webhooks.calls.map((c) => String(c.status))),
      byOutcome: tally(webhooks.calls.map((c) => c.outcome)),
    },
    webhookFailures: webhooks.calls.filter((c) => c.status < 200 || c.status > 299).length,
    ...checks,
    minStockSeen: sampled.minHot,
    minAnyStockSeen: sampled.minAny,
    stockSamples: sampled.samples,
    lockWaitersMax: sampled.lockWaitersMax,
    lockWaitersMean: round(sampled.lockWaitersMean, 1),
    lockWaitersByStatement: sampled.lockWaitersByStatement,
    usage: spent,
    usagePerPaidOrder: perUnit(spent, checks.paidOrders),
    benchEventLoopP99Ms: round(loopDelay.percentile(99) / 1e6, 1),
    finalizedPerSecond: windowSeconds ? round(approved.length / windowSeconds, 1) : null,
    finalizeWindowSeconds: round(windowSeconds, 3),
    webhookP50Ms: round(percentile(answered, 50)),
    webhookP95Ms: round(percentile(answered, 95)),
    confirmP50Ms: round(percentile(confirmMs, 50)),
    confirmP95Ms: round(percentile(confirmMs, 95)),
  };
}

/** What the database says about the race's variants once it is over. */
async function databaseChecks(variantIds: number[]) {
  const raceOrders = db.select({ id: orderItem.orderId }).from(orderItem).where(inArray(orderItem.itemStockId, variantIds));
  const byStatus = await db
    .select({ status: order.status, orders: sql<number>`count(*)::int` })
    .from(order)
    .where(inArray(order.id, raceOrders))
    .groupBy(order.status);
  const ordersWith = (...statuses: string[]) => byStatus.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r.orders, 0);
  const [stock] = await db.select({ quantity: sql<number>`sum(${itemStock.quantity})::int` }).from(itemStock).where(inArray(itemStock.id, variantIds));
  const [holds] = await db.select({ n: sql<number>`count(*)::int` }).from(stockHold).where(inArray(stockHold.itemStockId, variantIds));
  const [emails] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .where(and(inArray(emailOutbox.orderId, raceOrders), eq(emailOutbox.kind, "purchase")));
  return {
    paidOrders: ordersWith("paid"),
    refunds: ordersWith("refund_pending", "refunded"),
    finalStock: stock?.quantity ?? -1,
    holdsLeft: holds?.n ?? -1,
    purchaseEmails: emails?.n ?? -1,
  };
}
