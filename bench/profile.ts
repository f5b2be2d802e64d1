/**
 * Where a route's time goes inside the app server: one instance per route,
 * run under `node --cpu-prof`, loaded like the bench loads it, then its CPU
 * profile (cut to the measured window) attributed through the source maps to
 * React, Next.js, drizzle, pg, auth, zod, the app's own code and Node itself,
 * beside what PostgreSQL spent on the same requests.
 *
 *   tsx --conditions=react-server bench/profile.ts [health|catalog|product|cart|webhook …]
 *
 * A diagnostic, not part of `npm run bench`. Writes bench/results/profile.json
 * and the raw .cpuprofile files under bench/results/profiles/ (open them in
 * Chrome DevTools).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { closeDb } from "@/db/client";
import { startMercadoPagoStandIn } from "@/e2e/stand-ins/mercadopago";
import { DEMO_MERCADOPAGO_ACCESS_TOKEN, DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "@/lib/env";
import { benchDatabaseName, createBenchDatabase, dropBenchDatabase, startEmbeddedServer } from "./database";
import { filledGuestCart, seedBenchDatabase } from "./fixtures";
import { benchRoute, prepareApprovedPayments, signedWebhookRequests, type RouteResult } from "./http";
import { abandonBuild, buildIfStale, freePort, removeBuildUnlessKept, startAppInstance } from "./instances";
import { writeJson } from "./report";
import { originalSource } from "./sourcemap";
import { round } from "./stats";
import { usageMeter } from "./usage";

const ROUTES = ["health", "catalog", "product", "cart", "webhook"] as const;
type RouteName = (typeof ROUTES)[number];
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
const CONNECTIONS = 16;
const OUT_DIR = path.join(import.meta.dirname, "results");
const BUDGET_MS = 8 * 60 * 1000;

const cpuProfile = z.object({
  nodes: z.array(z.object({
    id: z.number(),
    callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() }),
  })),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type CpuProfile = z.infer<typeof cpuProfile>;

export type Attribution = {
  route: string;
  requests: number;
  requestsPerSecond: number;
  /** Profiled CPU of the app server per request, by where the code comes from. */
  appCpuMsPerRequest: Record<string, number>;
  /** The functions that used the most CPU, with their original source. */
  topFunctions: Array<{ name: string; source: string; msPerRequest: number }>;
  measured: RouteResult;
};

function category(url: string, source: string | null, functionName: string): string {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)") return "V8 / native (program)";
  const where = `${source ?? ""} ${url}`;
  if (/react-server-dom|react-dom|compiled\/react\/|node_modules\/react\//.test(where)) return "React (RSC + HTML render)";
  if (/next-auth|@auth\/|\/jose\/|oauth4webapi|@panva/.test(where)) return "auth (next-auth, jose)";
  if (/drizzle-orm|node_modules\/src\//.test(where)) return "drizzle-orm";
  if (/node_modules\/(pg|pg-protocol|pg-types|pg-pool|pgpass|postgres-)/.test(where)) return "pg driver";
  if (/node_modules\/zod\//.test(where)) return "zod";
  if (/mercadopago/.test(where)) return "mercadopago SDK";
  if (/webpack:\/\/next\/|node_modules\/next\/|\.next-bench\//.test(where) && !/(^|\/)(app|lib|components|db)\//.test(source ?? "")) {
    return "Next.js server";
  }
  if (/(^|\/)(app|lib|components|db)\//.test(source ?? "")) return "app code (app/ lib/ components/ db/)";
  if (url.startsWith("node:")) return "Node.js internals (http, streams, crypto…)";
  if (url === "") return "V8 builtins (JSON, RegExp, Promise…)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1];
  return pkg ? `other: ${pkg}` : "other";
}

/** Self time per profile node inside [fromUs, toUs] (the profile's clock is CLOCK_MONOTONIC, like process.hrtime). */
function selfTimes(profile: CpuProfile, fromUs: number, toUs: number): Map<number, number> {
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    const duration = profile.timeDeltas[i + 1] ?? 0;
    const node = profile.samples[i];
    if (node === undefined || at < fromUs || at > toUs) continue;
    self.set(node, (self.get(node) ?? 0) + duration / 1000);
  }
  return self;
}

function attribute(profile: CpuProfile, fromUs: number, toUs: number, requests: number) {
  const self = selfTimes(profile, fromUs, toUs);
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, { name: string; source: string; ms: number }>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id);
    if (!ms || node.callFrame.functionName === "(idle)") continue;
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    const source = originalSource(url, lineNumber, columnNumber);
    const label = category(url, source, functionName);
    byCategory.set(label, (byCategory.get(label) ?? 0) + ms);
    const shortSource = (source ?? url).replace(/^.*node_modules\//, "").replace(/^(\.\.\/)+/, "").replace(/^webpack:\/\/next\/\.\//, "next/");
    const key = `${functionName || "(anonymous)"} ${shortSource}`;
    const entry = byFunction.get(key) ?? { name: functionName || "(anonymous)", source: shortSource, ms: 0 };
    entry.ms += ms;
    byFunction.set(key, entry);
  }
  const perRequest = (ms: number) => round(ms / Math.max(1, requests), 3) ?? 0;
  const sorted = [...byCategory].sort((a, b) => b[1] - a[1]);
  return {
    appCpuMsPerRequest: Object.fromEntries(sorted.map(([label, ms]) => [label, perRequest(ms)])),
    topFunctions: [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, 15)
      .map((f) => ({ name: f.name, source: f.source, msPerRequest: perRequest(f.ms) })),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const asked = process.argv.slice(2);
  const routes = (asked.length > 0 ? asked : [...ROUTES]).filter((r): r is RouteName => (ROUTES as readonly string[]).includes(r));
  const cleanups: Array<() => Promise<unknown>> = [async () => removeBuildUnlessKept(), abandonBuild];
  const stop = async () => {
    while (cleanups.length > 0) await cleanups.pop()?.().catch((e: unknown) => console.error(e));
  };
  process.on("SIGINT", () => void stop().finally(() => process.exit(130)));
  const watchdog = setTimeout(() => void stop().finally(() => process.exit(2)), BUDGET_MS);
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      const embedded = await startEmbeddedServer();
      cleanups.push(embedded.stop);
      serverUrl = embedded.url;
    }
    await buildIfStale(started + BUDGET_MS);
    const database = benchDatabaseName(String(process.pid), 9);
    const databaseUrl = await createBenchDatabase(serverUrl, database);
    const server = serverUrl;
    cleanups.push(() => dropBenchDatabase(server, database));
    const standIn = await startMercadoPagoStandIn({ accessToken: DEMO_MERCADOPAGO_ACCESS_TOKEN, webhookSecret: DEMO_MERCADOPAGO_WEBHOOK_SECRET });
    cleanups.push(() => standIn.close());
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    for (const name of ["MERCADOPAGO_ACCESS_TOKEN", "MERCADOPAGO_WEBHOOK_SECRET", "RESEND_API_KEY"]) delete process.env[name];
    Object.assign(process.env, { DATABASE_URL: databaseUrl, APP_URL: appUrl, MERCADOPAGO_API_URL: standIn.url, DATABASE_POOL_SIZE: "32" });
    cleanups.push(() => closeDb());
    const fixtures = await seedBenchDatabase(50);
    const cartToken = await filledGuestCart(10);

    const results: Attribution[] = [];
    for (const route of routes) {
      const dir = path.join(OUT_DIR, "profiles", route);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const instance = await startAppInstance(`profiled ${route}`, port, {
        DATABASE_URL: databaseUrl, APP_URL: appUrl, MERCADOPAGO_API_URL: standIn.url, DATABASE_POOL_SIZE: "10",
      }, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
      cleanups.push(() => instance.stop());
      const usage = usageMeter([instance.pid], databaseUrl, database);
      cleanups.push(() => usage.close());

      const load = { baseUrl: appUrl, connections: CONNECTIONS, seconds: SECONDS, warmup: true, usage };
      const nowUs = () => Number(process.hrtime.bigint() / 1000n);
      let measured: RouteResult;
      let fromUs: number;
      if (route === "webhook") {
        const ids = await prepareApprovedPayments({ standIn, variantIds: fixtures.webhookVariantIds, count: 900, concurrency: 32, deadline: Date.now() + 60_000 });
        await benchRoute({ ...load, warmup: false, name: "warm-up", path: "/api/mercadopago/webhook", amount: CONNECTIONS,
          requests: signedWebhookRequests(ids.slice(0, CONNECTIONS), DEMO_MERCADOPAGO_WEBHOOK_SECRET, []) });
        fromUs = nowUs();
        measured = await benchRoute({ ...load, warmup: false, name: route, path: "/api/mercadopago/webhook",
          amount: ids.length - 2 * CONNECTIONS, requests: signedWebhookRequests(ids.slice(CONNECTIONS), DEMO_MERCADOPAGO_WEBHOOK_SECRET, []) });
      } else {
        const paths: Record<Exclude<RouteName, "webhook">, string> = {
          health: "/api/health", catalog: "/", product: `/products/${fixtures.productSlug}`, cart: "/cart",
        };
        await benchRoute({ ...load, name: "warm-up", path: paths[route], seconds: 2, headers: route === "cart" ? { cookie: `percha_cart=${cartToken}` } : undefined });
        fromUs = nowUs();
        measured = await benchRoute({ ...load, warmup: false, name: route, path: paths[route], headers: route === "cart" ? { cookie: `percha_cart=${cartToken}` } : undefined });
      }
      // benchRoute waits ~1 s after the load for PostgreSQL's counters; the server is idle then.
      const toUs = nowUs();
      await cleanups.pop()?.();
      await cleanups.pop()?.();
      const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
      if (!file || !existsSync(path.join(dir, file))) throw new Error(`no CPU profile was written for ${route}`);
      const profile = cpuProfile.parse(JSON.parse(readFileSync(path.join(dir, file), "utf8")));
      const attribution = attribute(profile, fromUs, toUs, measured.requests);
      results.push({ route, requests: measured.requests, requestsPerSecond: measured.requestsPerSecond, ...attribution, measured });
      print(results.at(-1));
    }
    writeJson({ startedAt: new Date(started).toISOString(), connections: CONNECTIONS, seconds: SECONDS, routes: results }, path.join(OUT_DIR, "profile.json"));
  } finally {
    clearTimeout(watchdog);
    await stop();
  }
}

function print(result: Attribution | undefined): void {
  if (!result) return;
  const usage = result.measured.usagePerRequest;
  console.log(`\n${result.route}: ${result.requestsPerSecond} req/s, ${result.requests} requests, ${CONNECTIONS} connections`);
  if (usage) {
    console.log(`  per request: app CPU ${usage.appCpuMs} ms, PostgreSQL CPU ${usage.postgresCpuMs} ms, `
      + `${usage.transactions} transactions, statements ${usage.statementMs} ms, idle in transaction ${usage.idleInTransactionMs} ms`);
  }
  console.log("  app CPU per request by origin (profiled):");
  for (const [label, ms] of Object.entries(result.appCpuMsPerRequest)) console.log(`    ${ms.toFixed(3).padStart(8)} ms  ${label}`);
  console.log("  top functions:");
  for (const f of result.topFunctions.slice(0, 8)) console.log(`    ${f.msPerRequest.toFixed(3).padStart(8)} ms  ${f.name}  ${f.source}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
