/**
 * One configuration of the bench — N app instances (behind the balancer when
 * N > 1) on a fresh database — run in a process of its own: the app's env()
 * and database pool are read once per process, and each configuration needs
 * its own DATABASE_URL and APP_URL. run.ts forks this file per configuration.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { closeDb, db } from "@/db/client";
import { startMercadoPagoStandIn, type MercadoPagoStandIn } from "@/e2e/stand-ins/mercadopago";
import { DEMO_MERCADOPAGO_ACCESS_TOKEN, DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "@/lib/env";
import { seedBackOfficeScale, staffSessionCookie, type BackOfficeScale } from "./back-office";
import { startBalancer, type Balancer } from "./balancer";
import { benchDatabaseName, createBenchDatabase, dropBenchDatabase } from "./database";
import { measureDbLimit, type DbLimitResult } from "./db-limit";
import { filledGuestCart, seedBenchDatabase, type Fixtures } from "./fixtures";
import { benchRoute, prepareApprovedPayments, rotatingCookies, signedWebhookRequests, type RouteResult } from "./http";
import { freePort, startAppInstance, type AppInstance } from "./instances";
import { runLighthouse, type LighthousePage } from "./lighthouse";
import { sampleMemory, type InstanceMemory, type MemorySampler } from "./memory";
import { runFinalizeRace, type RaceResult } from "./race";
import { round, tally } from "./stats";
import { measureTtfb, type TtfbResult } from "./ttfb";
import { usageMeter, type UsageMeter } from "./usage";

/** The phases of a configuration, in the order they run (BENCH_PHASES picks some). "race" is the hot race and the cold one. */
export const PHASES = ["limit", "race", "routes", "ttfb", "lighthouse", "back-office", "search"] as const;
export type Phase = (typeof PHASES)[number];

export type ConfigurationPlan = {
  index: number;
  name: string;
  instances: number;
  serverUrl: string;
  runId: string;
  /** Ms since epoch by which this configuration must have cleaned up. */
  deadline: number;
  lighthouse: boolean;
  /** Runs of Lighthouse per page (the median is reported). */
  lighthouseRuns: number;
  phases: Phase[];
  /** The shop the back-office phase seeds before loading its lists; null: no back-office phase. */
  backOffice: { orders: number; variants: number } | null;
  /** The hot race; the cold race has `units` shoppers on a variant of one unit each; `warmup` finalizes run first, unmeasured. */
  race: { shoppers: number; units: number; concurrency: number; warmup: number };
  dbLimit: { seconds: number; maxUpdates: number };
  http: { connections: number; seconds: number; webhookPayments: number; cartLines: number };
  ttfb: { connections: number; seconds: number };
  /** DATABASE_POOL_SIZE of each app instance. */
  instancePoolSize: number;
  /** Extra `node` flags for the app instances (experiments such as --max-old-space-size). */
  instanceNodeArgs: string[];
};

export type HttpResult = { routes: RouteResult[]; webhookPaymentsPrepared: number; webhookPrepareSeconds: number };

export type BackOfficeResult = {
  scale: Omit<BackOfficeScale, "staff">;
  /** The health route, measured here only when the routes phase did not run. */
  health?: RouteResult;
  routes: RouteResult[];
};

export type SearchResult = {
  /** The shop searched: the back office's scale data (seeded by the search phase when that phase did not run). */
  variants: number;
  products: number;
  /** The health route, measured here only when no earlier phase did. */
  health?: RouteResult;
  routes: RouteResult[];
};

export type ConfigurationResult = {
  name: string;
  instances: number;
  database: string;
  appUrl: string;
  setupSeconds: number;
  dbLimit?: DbLimitResult;
  /** The hot race (one shared variant) and the cold one (a variant per shopper), run back to back. */
  race?: RaceResult;
  coldRace?: RaceResult;
  http?: HttpResult;
  ttfb?: TtfbResult[];
  lighthouse?: LighthousePage[];
  backOffice?: BackOfficeResult;
  search?: SearchResult;
  memory: InstanceMemory[];
  /** Requests the balancer sent to each instance, and its upstream failures by error code. */
  balancerCounts?: number[];
  balancerErrors?: Record<string, number>;
  skipped: string[];
  errors: string[];
};

export type WorkerMessage =
  | { kind: "pid"; pid: number; what: string }
  | { kind: "progress"; message: string }
  | { kind: "done"; result: ConfigurationResult };

export type ParentMessage = { kind: "run"; plan: ConfigurationPlan };

/** Seconds each phase needs, to skip (and say so) what no longer fits before the deadline. */
const NEEDS = { dbLimit: 10, race: 60, http: 110, cleanup: 15 };
/** Three routes, each with a second of warm-up. */
const ttfbNeeds = (seconds: number) => 3 * (seconds + 1) + 5;
/** A Lighthouse run takes 10–20 s on a small machine, plus the wait for it to be idle; runs that no longer fit are left out. */
const lighthouseNeeds = (runs: number) => 15 + runs * 3 * 17;
/** The pages benchBackOffice loads. */
const BACK_OFFICE_ROUTES = 5;
/** Seeding (~10 s) and signing in, then each page like any route (warm-up, load, usage readings). */
const backOfficeNeeds = (seconds: number) => 25 + BACK_OFFICE_ROUTES * (seconds + 4);
/** The search pages benchSearch loads (and seeding, when the back office did not). */
const SEARCH_ROUTES = 4;
const searchNeeds = (seconds: number) => 25 + SEARCH_ROUTES * (seconds + 4);

/** Tells the parent, unless it is gone (then this process is cleaning up and exiting anyway). */
function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}
const progress = (message: string): void => send({ kind: "progress", message });

const cleanups: Array<() => Promise<unknown>> = [];
let stopping = false;

/** Registers how to undo something just started; once stopping, undoes it at once instead. */
async function own(undo: () => Promise<unknown>): Promise<void> {
  if (stopping) await undo().catch((error: unknown) => console.error("bench cleanup:", error));
  else cleanups.push(undo);
}

async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const step = cleanups.pop();
    await step?.().catch((error: unknown) => console.error("bench cleanup:", error));
  }
}

async function runConfiguration(plan: ConfigurationPlan): Promise<ConfigurationResult> {
  const started = Date.now();
  const fits = (seconds: number) => Date.now() + (seconds + NEEDS.cleanup) * 1000 < plan.deadline;
  const runs = (phase: Phase) => plan.phases.includes(phase);
  const database = benchDatabaseName(plan.runId, plan.index);
  const result: ConfigurationResult = {
    name: plan.name, instances: plan.instances, database, appUrl: "", setupSeconds: 0, memory: [], skipped: [], errors: [],
  };

  const databaseUrl = await createBenchDatabase(plan.serverUrl, database);
  await own(() => dropBenchDatabase(plan.serverUrl, database));

  const ports = await Promise.all(Array.from({ length: plan.instances }, () => freePort()));
  let balancer: Balancer | undefined;
  if (plan.instances > 1) {
    balancer = await startBalancer(ports);
    await own(() => balancer?.close() ?? Promise.resolve());
  }
  result.appUrl = balancer?.url ?? `http://127.0.0.1:${ports[0]}`;

  const standIn: MercadoPagoStandIn = await startMercadoPagoStandIn({
    accessToken: DEMO_MERCADOPAGO_ACCESS_TOKEN,
    webhookSecret: DEMO_MERCADOPAGO_WEBHOOK_SECRET,
  });
  await own(() => standIn.close());
  // The instances' session secret: one for all (a staff session holds on each), none written to the data folder.
  const authSecret = randomBytes(32).toString("base64url");

  // Read by the app's env() on first use in this process: the bench database, the app (or balancer), the stand-in.
  for (const name of ["MERCADOPAGO_ACCESS_TOKEN", "MERCADOPAGO_WEBHOOK_SECRET", "RESEND_API_KEY"]) delete process.env[name];
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    APP_URL: result.appUrl,
    MERCADOPAGO_API_URL: standIn.url,
    DATABASE_POOL_SIZE: String(plan.race.concurrency),
  });
  await own(() => closeDb());

  progress(`${plan.name}: migrating and seeding ${database}`);
  const fixtures = await seedBenchDatabase(plan.race.units, plan.race.warmup);

  progress(`${plan.name}: starting ${plan.instances} app instance(s)`);
  const instances: AppInstance[] = await Promise.all(ports.map(async (port, i) => {
    const instance = await startAppInstance(`instance ${i + 1}`, port, {
      DATABASE_URL: databaseUrl,
      APP_URL: result.appUrl,
      MERCADOPAGO_API_URL: standIn.url,
      DATABASE_POOL_SIZE: String(plan.instancePoolSize),
      AUTH_SECRET: authSecret,
    }, plan.instanceNodeArgs);
    send({ kind: "pid", pid: instance.pid, what: instance.name });
    await own(() => instance.stop());
    return instance;
  }));
  const memory = sampleMemory(instances.map((i) => ({ name: i.name, pid: i.pid, port: i.port })));
  memory.mark("started");
  await own(async () => {
    if (result.memory.length === 0) result.memory = memory.stop();
  });
  const usage = usageMeter(instances.map((i) => i.pid), databaseUrl, database);
  await own(() => usage.close());
  result.setupSeconds = round((Date.now() - started) / 1000, 1) ?? 0;

  await phase(result, "database limit", fits(NEEDS.dbLimit), async () => {
    progress(`${plan.name}: database limit (guarded UPDATE on one row, ${plan.race.concurrency} connections, ${plan.dbLimit.seconds} s)`);
    result.dbLimit = await measureDbLimit({
      databaseUrl,
      itemStockId: fixtures.limitVariantId,
      concurrency: plan.race.concurrency,
      durationMs: plan.dbLimit.seconds * 1000,
      maxUpdates: plan.dbLimit.maxUpdates,
      usage,
    });
  }, !runs("limit"));

  await phase(result, "finalize races", fits(NEEDS.race), async () => {
    const { shoppers, units, concurrency, warmup } = plan.race;
    const deadline = plan.deadline - NEEDS.cleanup * 1000;
    // Unmeasured: the finalize path's code loaded and warm on every instance before either race.
    progress(`${plan.name}: finalize warm-up (${warmup} shoppers, a variant each)`);
    await runFinalizeRace({
      kind: "warm-up", standIn, databaseUrl, variantIds: fixtures.warmupVariantIds, units: warmup, shoppers: warmup, concurrency, deadline,
    });
    progress(`${plan.name}: hot-item race (${shoppers} shoppers, one variant of ${units} units, ${concurrency} at a time)`);
    result.race = await runFinalizeRace({
      kind: "hot", standIn, databaseUrl, variantIds: [fixtures.hotVariantId], units, shoppers, concurrency, deadline, usage,
    });
    memory.mark("after hot race");
    // Second, so whatever warmth is left favours the cold rate: hot ÷ cold errs low, never high.
    progress(`${plan.name}: cold race (${units} shoppers, a variant of one unit each, ${concurrency} at a time)`);
    result.coldRace = await runFinalizeRace({
      kind: "cold", standIn, databaseUrl, variantIds: fixtures.coldVariantIds, units, shoppers: units, concurrency, deadline, usage,
    });
    memory.mark("after cold race");
  }, !runs("race"));

  let cartToken: string | undefined;
  await phase(result, "route throughput", fits(NEEDS.http), async () => {
    cartToken = await filledGuestCart(plan.http.cartLines);
    result.http = await benchRoutes(plan, result.appUrl, standIn, fixtures, cartToken, usage, memory);
  }, !runs("routes"));

  await phase(result, "time to first byte", fits(ttfbNeeds(plan.ttfb.seconds)), async () => {
    const { connections, seconds } = plan.ttfb;
    const routes: Array<[string, string]> = [
      ["health (framework limit)", "/api/health"],
      ["catalog /", "/"],
      [`product /products/${fixtures.productSlug}`, `/products/${fixtures.productSlug}`],
    ];
    result.ttfb = [];
    for (const [name, path] of routes) {
      progress(`${plan.name}: time to first byte of ${path}, ${connections} connections, ${seconds} s`);
      result.ttfb.push(await measureTtfb({ name, baseUrl: result.appUrl, path, connections, seconds, warmupSeconds: 1 }));
    }
    memory.mark("after ttfb");
  }, !runs("ttfb"));

  await phase(result, "lighthouse", plan.lighthouse && fits(lighthouseNeeds(plan.lighthouseRuns)), async () => {
    progress(`${plan.name}: Lighthouse (mobile), ${plan.lighthouseRuns} runs on each of 3 pages`);
    cartToken ??= await filledGuestCart(plan.http.cartLines);
    result.lighthouse = await runLighthouse([
      { name: "catalog /", url: `${result.appUrl}/` },
      { name: `product /products/${fixtures.productSlug}`, url: `${result.appUrl}/products/${fixtures.productSlug}` },
      { name: `cart /cart (${plan.http.cartLines} lines)`, url: `${result.appUrl}/cart`, cookie: `percha_cart=${cartToken}`, keptFromSearch: true },
    ], {
      runs: plan.lighthouseRuns,
      deadline: plan.deadline - (NEEDS.cleanup + 25) * 1000,
      onLaunch: (chrome) => {
        send({ kind: "pid", pid: chrome.pid, what: "chromium" });
        void own(async () => chrome.kill());
      },
      onRun: progress,
    });
    memory.mark("after lighthouse");
  }, !plan.lighthouse || !runs("lighthouse"));

  // Last: its products would change the storefront pages measured above.
  const backOffice = plan.backOffice;
  await phase(result, "back office", fits(backOfficeNeeds(plan.http.seconds)), async () => {
    if (backOffice) result.backOffice = await benchBackOffice(plan, backOffice, result.appUrl, result.http?.routes[0], usage, memory);
  }, backOffice === null || !runs("back-office"));

  // Search on the same shop: its 2,000 variants, and sales to rank by.
  await phase(result, "search", fits(searchNeeds(plan.http.seconds)), async () => {
    if (backOffice) result.search = await benchSearch(plan, backOffice, result, usage, memory);
  }, backOffice === null || !runs("search"));

  result.memory = memory.stop();
  result.balancerCounts = balancer?.counts();
  result.balancerErrors = balancer?.errors();
  return result;
}

async function benchRoutes(
  plan: ConfigurationPlan, appUrl: string, standIn: MercadoPagoStandIn, fixtures: Fixtures, cartToken: string, usage: UsageMeter, memory: MemorySampler,
): Promise<HttpResult> {
  const { connections, seconds } = plan.http;
  const routes: RouteResult[] = [];
  const load = { baseUrl: appUrl, connections, seconds, warmup: true, usage };

  progress(`${plan.name}: /api/health, ${connections} connections, ${seconds} s`);
  routes.push(await benchRoute({ ...load, name: "health (framework limit)", path: "/api/health" }));
  memory.mark("after health");

  progress(`${plan.name}: preparing ${plan.http.webhookPayments} approved payments for the webhook bench`);
  const prepareStarted = Date.now();
  const paymentIds = await prepareApprovedPayments({
    standIn, variantIds: fixtures.webhookVariantIds, count: plan.http.webhookPayments,
    concurrency: plan.race.concurrency, deadline: Math.min(Date.now() + 30_000, plan.deadline - 60_000),
  });
  const webhookPrepareSeconds = round((Date.now() - prepareStarted) / 1000, 1) ?? 0;
  progress(`${plan.name}: webhook route (${paymentIds.length} distinct approved payments, prepared in ${webhookPrepareSeconds} s)`);
  const warmupIds = paymentIds.slice(0, connections);
  const measuredIds = paymentIds.slice(connections);
  const outcomes: string[] = [];
  // Warm the route with a few payments of its own, then one notification per remaining payment.
  await benchRoute({ ...load, warmup: false, name: "webhook warm-up", path: "/api/mercadopago/webhook", amount: warmupIds.length,
    requests: signedWebhookRequests(warmupIds, DEMO_MERCADOPAGO_WEBHOOK_SECRET, []) });
  const webhook = await benchRoute({
    ...load, warmup: false, name: "webhook (signed, distinct payments)", path: "/api/mercadopago/webhook",
    amount: Math.max(connections, measuredIds.length - connections),
    requests: signedWebhookRequests(measuredIds, DEMO_MERCADOPAGO_WEBHOOK_SECRET, outcomes),
  });
  routes.push({ ...webhook, outcomes: tally(outcomes) });
  memory.mark("after webhook");

  const pages: Array<[string, string, Record<string, string> | undefined]> = [
    ["catalog /", "/", undefined],
    [`product /products/${fixtures.productSlug}`, `/products/${fixtures.productSlug}`, undefined],
    [`cart /cart (${plan.http.cartLines} lines, one cart)`, "/cart", { cookie: `percha_cart=${cartToken}` }],
  ];
  for (const [name, path, headers] of pages) {
    progress(`${plan.name}: ${path}, ${connections} connections, ${seconds} s`);
    routes.push(await benchRoute({ ...load, name, path, headers }));
    memory.mark(`after ${name}`);
  }
  // The same page for as many shoppers as connections: without them all queueing on one cart's row lock.
  const carts = [cartToken];
  while (carts.length < connections) carts.push(await filledGuestCart(plan.http.cartLines));
  progress(`${plan.name}: /cart for ${carts.length} different carts, ${connections} connections, ${seconds} s`);
  routes.push(await benchRoute({
    ...load, name: `carts /cart (${plan.http.cartLines} lines, ${carts.length} carts)`, path: "/cart",
    requests: rotatingCookies(carts.map((token) => `percha_cart=${token}`)),
  }));
  memory.mark("after carts");
  return { routes, webhookPaymentsPrepared: paymentIds.length, webhookPrepareSeconds };
}

/**
 * The back office with a shop's worth of history: seeds `size`, signs a staff
 * member in over HTTP, then loads the staff's lists with that session.
 */
async function benchBackOffice(
  plan: ConfigurationPlan, size: { orders: number; variants: number }, appUrl: string, measuredHealth: RouteResult | undefined, usage: UsageMeter, memory: MemorySampler,
): Promise<BackOfficeResult> {
  const { connections, seconds } = plan.http;
  const load = { baseUrl: appUrl, connections, seconds, warmup: true, usage };
  const { orders, variants } = size;
  progress(`${plan.name}: seeding ${orders.toLocaleString("en")} orders and ${variants.toLocaleString("en")} variants for the back office`);
  const { staff, ...scale } = await seedBackOfficeScale({ orders, variants });
  progress(`${plan.name}: seeded in ${round(scale.seconds, 1)} s; ${scale.lowVariants} variants low; signing in as staff`);
  const cookie = await staffSessionCookie(appUrl, staff);
  let health: RouteResult | undefined;
  if (!measuredHealth) {
    progress(`${plan.name}: /api/health, ${connections} connections, ${seconds} s`);
    health = await benchRoute({ ...load, name: "health (framework limit)", path: "/api/health" });
  }
  const email = encodeURIComponent(scale.frequentBuyer);
  const pages: Array<[string, string]> = [
    ["admin orders, first page", "/admin/orders"],
    ["admin orders to pack (status=paid&fulfilment=unfulfilled)", "/admin/orders?status=paid&fulfilment=unfulfilled"],
    [`admin orders by email (${scale.frequentBuyerOrders} orders)`, `/admin/orders?q=${email}`],
    [`admin low stock (${scale.lowVariants} variants low)`, "/admin/stock/low"],
    ["admin overview (queue counts)", "/admin"],
  ];
  const routes: RouteResult[] = [];
  for (const [name, path] of pages) {
    progress(`${plan.name}: ${path} as staff, ${connections} connections, ${seconds} s`);
    routes.push(await benchRoute({ ...load, name, path, headers: { cookie } }));
    memory.mark(`after ${name}`);
  }
  return { scale, health, routes };
}

/**
 * The storefront's search over the back office's shop (seeded here if that
 * phase did not run): words, a typo, every filter at once, and best selling
 * without words, each beside the health route, as a shopper without a session.
 */
async function benchSearch(
  plan: ConfigurationPlan, size: { orders: number; variants: number }, result: ConfigurationResult, usage: UsageMeter, memory: MemorySampler,
): Promise<SearchResult> {
  const { connections, seconds } = plan.http;
  const load = { baseUrl: result.appUrl, connections, seconds, warmup: true, usage };
  if (!result.backOffice) {
    progress(`${plan.name}: seeding ${size.variants.toLocaleString("en")} variants and ${size.orders.toLocaleString("en")} orders to search`);
    await seedBackOfficeScale(size);
  }
  const [counted] = (await db.execute<{ products: number; variants: number }>(sql`
    select count(distinct product_id)::int as products, count(*)::int as variants from item_stock`)).rows;
  let health = result.http?.routes[0] ?? result.backOffice?.health;
  let measuredHealth: RouteResult | undefined;
  if (!health) {
    progress(`${plan.name}: /api/health, ${connections} connections, ${seconds} s`);
    health = measuredHealth = await benchRoute({ ...load, name: "health (framework limit)", path: "/api/health" });
  }
  const pages: Array<[string, string]> = [
    ["search “hoodie” (English page, words)", "/en/search?q=hoodie"],
    ["search “jaket” (Spanish page, a typo)", "/search?q=jaket"],
    ["search “tee”, size M, Navy, in stock, ≤ $ 30.000, by price", "/search?q=tee&size=M&color=Navy&inStock=1&maxPrice=30000&sort=price-asc"],
    ["search best selling, no words (90 days of sales)", "/en/search?sort=best-selling"],
  ];
  const routes: RouteResult[] = [];
  for (const [name, path] of pages) {
    progress(`${plan.name}: ${path}, ${connections} connections, ${seconds} s`);
    routes.push(await benchRoute({ ...load, name, path }));
    memory.mark(`after ${name}`);
  }
  return { variants: counted?.variants ?? 0, products: counted?.products ?? 0, health: measuredHealth, routes };
}

/** Runs one phase unless it does not fit; a failure is recorded and the bench goes on. */
async function phase(result: ConfigurationResult, name: string, fits: boolean, run: () => Promise<void>, isOff = false): Promise<void> {
  if (isOff || stopping) return;
  if (!fits) {
    result.skipped.push(`${name} (not enough time left)`);
    return;
  }
  try {
    await run();
  } catch (error) {
    result.errors.push(`${name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}

async function main(plan: ConfigurationPlan): Promise<void> {
  let result: ConfigurationResult = {
    name: plan.name, instances: plan.instances, database: "", appUrl: "", setupSeconds: 0, memory: [], skipped: [], errors: [],
  };
  try {
    result = await runConfiguration(plan);
  } catch (error) {
    result.errors.push(error instanceof Error ? error.stack ?? error.message : String(error));
  } finally {
    await cleanup();
  }
  isDone = true;
  send({ kind: "done", result });
  if (process.connected) process.disconnect();
}

let isDone = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  void cleanup().finally(() => process.exit(1));
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// Stopping drops the bench database WITH (FORCE) while the interrupted phase may still hold
// connections; their "terminating connection" errors (57P01) are expected then, and only then.
process.on("uncaughtException", (error) => {
  if (stopping && "code" in error && error.code === "57P01") return;
  console.error(error);
  process.exit(1);
});
// The parent went away (interrupted, or killed by tsx's signal relay): clean up alone.
process.on("disconnect", () => {
  if (!isDone) stop();
});
process.once("message", (message: ParentMessage) => {
  if (message.kind === "run") void main(message.plan);
});
