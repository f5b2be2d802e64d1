/**
 * Turns the configurations' results into the printed table and
 * bench/results/latest.json. Every time or rate sits beside a limit measured
 * in the same run; targets apply to the ratio (or to the value when a figure
 * has no limit, like a score or a count).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ConfigurationResult } from "./configuration";
import type { RouteResult } from "./http";
import { round } from "./stats";

export type Target = { label: string; isMet(value: number): boolean };
const atLeast = (n: number): Target => ({ label: `≥ ${n}`, isMet: (v) => v >= n });
const atMost = (n: number, unit = ""): Target => ({ label: `≤ ${n}${unit}`, isMet: (v) => v <= n });
const exactly = (n: number): Target => ({ label: `= ${n}`, isMet: (v) => v === n });

export type Row = {
  section: string;
  figure: string;
  value: number | null;
  unit: string;
  /** The same run's limit for this figure (times and rates only). */
  limit: number | null;
  limitName: string | null;
  /** value / limit for rates; limit / value for times (so 1 means "as fast as the limit" either way). */
  ratio: number | null;
  target: string | null;
  met: boolean | null;
};

export type Report = {
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  machine: Record<string, string | number>;
  build: { built: boolean; seconds: number };
  configurations: ConfigurationResult[];
  rows: Row[];
  unmet: string[];
  notes: string[];
};

type Figure = { figure: string; value: number | null; unit: string; target?: Target; limit?: number | null; limitName?: string; kind?: "rate" | "time"; isValid?: boolean };

function row(section: string, f: Figure): Row {
  const limit = f.limit ?? null;
  let ratio: number | null = null;
  if (f.value !== null && limit !== null && limit > 0 && f.value > 0) {
    ratio = f.kind === "time" ? limit / f.value : f.value / limit;
  }
  const judged = f.kind ? ratio : f.value;
  const met = f.target && judged !== null ? f.target.isMet(round(judged, 3) ?? judged) && f.isValid !== false : f.target ? false : null;
  return {
    section, figure: f.figure, value: f.value, unit: f.unit, limit, limitName: f.limitName ?? null,
    ratio: round(ratio, 3), target: f.target?.label ?? null, met,
  };
}

function nonSuccess(route: RouteResult): number {
  return Object.entries(route.statuses).filter(([status]) => !status.startsWith("2")).reduce((n, [, count]) => n + count, 0);
}

/** Rate, p95 and cost per request of each route, beside the health route's (the framework's limit). */
function routeRows(
  section: string, routes: RouteResult[], health: RouteResult, c: ConfigurationResult, targetOf: (route: RouteResult) => Target | undefined,
): Row[] {
  const rows: Row[] = [];
  for (const route of routes) {
    const isLimit = route === health;
    const failures = nonSuccess(route);
    const suffix = failures > 0 ? ` — ${failures} non-2xx!` : "";
    rows.push(row(section, {
      figure: `${route.name} req/s${suffix}`, value: route.requestsPerSecond, unit: "/s",
      ...(isLimit ? {} : { kind: "rate" as const, limit: health.requestsPerSecond, limitName: "health req/s", target: targetOf(route) }),
      isValid: failures === 0,
    }));
    rows.push(row(section, {
      figure: `${route.name} p95`, value: route.p95Ms, unit: "ms",
      ...(isLimit ? {} : { kind: "time" as const, limit: health.p95Ms, limitName: "health p95" }),
    }));
    const cost = route.usagePerRequest;
    if (cost) {
      rows.push(row(section, {
        figure: `${route.name} app CPU per request`, value: cost.appCpuMs, unit: "ms",
        ...(isLimit ? {} : { kind: "time" as const, limit: health.usagePerRequest?.appCpuMs ?? null, limitName: "health app CPU" }),
      }));
      if (!isLimit) {
        rows.push(row(section, {
          figure: `${route.name} PostgreSQL CPU per request (${cost.transactions} transactions)`, value: cost.postgresCpuMs, unit: "ms",
          kind: "time", limit: c.dbLimit?.usagePerUpdate?.postgresCpuMs ?? null, limitName: "per guarded UPDATE",
        }));
      }
    }
  }
  return rows;
}

function configurationRows(c: ConfigurationResult): Row[] {
  const rows: Row[] = [];
  const label = `${c.name}`;
  const limit = c.dbLimit;
  if (limit) {
    rows.push(row(`${label} · database limit`, {
      figure: `guarded UPDATE on one row, ${limit.concurrency} connections (the limit)`, value: limit.updatesPerSecond, unit: "/s",
    }));
  }
  const race = c.race;
  if (race) {
    const s = `${label} · hot-item race (${race.shoppers} shoppers, ${race.units} units, ${race.concurrency} at a time)`;
    rows.push(row(s, { figure: "orders paid", value: race.paidOrders, unit: "", target: exactly(race.units) }));
    rows.push(row(s, { figure: "final stock", value: race.finalStock, unit: "", target: exactly(0) }));
    rows.push(row(s, { figure: `lowest stock seen (${race.stockSamples} samples)`, value: race.minHotStockSeen, unit: "", target: atLeast(0) }));
    rows.push(row(s, { figure: "shoppers refused at confirm (holds cover the stock)", value: race.refused, unit: "" }));
    rows.push(row(s, { figure: "refunds", value: race.refunds, unit: "", target: exactly(0) }));
    rows.push(row(s, { figure: "purchase emails queued", value: race.purchaseEmails, unit: "", target: exactly(race.units) }));
    rows.push(row(s, { figure: "holds left on the hot item", value: race.holdsLeft, unit: "", target: exactly(0) }));
    rows.push(row(s, { figure: "sessions waiting on a row lock (most seen)", value: race.lockWaitersMax, unit: "" }));
    rows.push(row(s, {
      figure: "webhook finalize throughput", value: race.finalizedPerSecond, unit: "/s", kind: "rate",
      limit: limit?.updatesPerSecond ?? null, limitName: "guarded UPDATE rate", target: atLeast(0.25),
    }));
    rows.push(row(s, {
      figure: "webhook finalize p50", value: race.webhookP50Ms, unit: "ms", kind: "time", limit: limit?.p50Ms ?? null, limitName: "guarded UPDATE p50",
    }));
    rows.push(row(s, {
      figure: "webhook finalize p95", value: race.webhookP95Ms, unit: "ms", kind: "time", limit: limit?.p95Ms ?? null, limitName: "guarded UPDATE p95",
    }));
  }
  const routes = c.http?.routes ?? [];
  const health = routes[0];
  if (health) {
    const s = `${label} · routes (${health.connections} connections, ~${Math.round(health.seconds)} s each)`;
    const targets: Record<string, Target | undefined> = { webhook: atLeast(0.25), catalog: atLeast(0.5), product: atLeast(0.5), cart: atLeast(0.25) };
    // "carts" (many shoppers) is shown for comparison; the target is on the one-cart measurement.
    rows.push(...routeRows(s, routes, health, c, (route) => targets[Object.keys(targets).find((k) => route.name.startsWith(`${k} `)) ?? ""]));
  }
  for (const page of c.lighthouse ?? []) {
    const s = `${label} · Lighthouse 12, mobile: ${page.name} (host benchmarkIndex ${page.benchmarkIndex ?? "?"})`;
    rows.push(row(s, { figure: "performance", value: page.performance, unit: "", target: atLeast(95) }));
    rows.push(row(s, { figure: "accessibility", value: page.accessibility, unit: "", target: exactly(100) }));
    rows.push(row(s, { figure: "best practices", value: page.bestPractices, unit: "", target: atLeast(95) }));
    rows.push(row(s, { figure: "SEO", value: page.seo, unit: "", target: atLeast(95) }));
    rows.push(row(s, { figure: "JavaScript shipped (transfer)", value: page.scriptKb, unit: "KB" }));
  }
  const backOffice = c.backOffice;
  const backOfficeHealth = backOffice?.health ?? health;
  if (backOffice && backOfficeHealth) {
    const { scale } = backOffice;
    const s = `${label} · back office as staff (${scale.orders.toLocaleString("en")} orders, ${scale.variants.toLocaleString("en")} variants; ${backOfficeHealth.connections} connections, ~${Math.round(backOfficeHealth.seconds)} s each)`;
    rows.push(row(s, { figure: `seeded ${scale.orders.toLocaleString("en")} orders and ${scale.variants.toLocaleString("en")} variants (INSERT … SELECT)`, value: round(scale.seconds, 1), unit: "s" }));
    const measured = backOffice.health ? [backOffice.health, ...backOffice.routes] : backOffice.routes;
    rows.push(...routeRows(s, measured, backOfficeHealth, c, () => undefined));
  }
  const search = c.search;
  const searchHealth = search?.health ?? backOfficeHealth;
  if (search && searchHealth) {
    const s = `${label} · search as a shopper (${search.products.toLocaleString("en")} products, ${search.variants.toLocaleString("en")} variants; ${searchHealth.connections} connections, ~${Math.round(searchHealth.seconds)} s each)`;
    const measured = search.health ? [search.health, ...search.routes] : search.routes;
    rows.push(...routeRows(s, measured, searchHealth, c, () => undefined));
  }
  for (const instance of c.memory) {
    rows.push(row(`${label} · memory`, {
      figure: `${instance.name} peak RSS (pid ${instance.pid}, ${instance.samples} samples)`, value: instance.peakRssMb, unit: "MB", target: atMost(400, " MB"),
    }));
  }
  return rows;
}

export function buildRows(configurations: ConfigurationResult[], wallSeconds: number, budgetSeconds: number): Row[] {
  const rows = configurations.flatMap(configurationRows);
  rows.push(row("whole bench", { figure: "wall time", value: round(wallSeconds, 1), unit: "s", target: atMost(budgetSeconds, " s") }));
  return rows;
}

function format(value: number | null, unit: string): string {
  if (value === null) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return unit === "" ? text : unit.startsWith("/") ? `${text}${unit}` : `${text} ${unit}`;
}

export function printTable(rows: Row[]): void {
  const header = ["figure", "value", "limit", "ratio", "target", "met"];
  let section = "";
  const body: string[][] = [];
  const sections: Array<[number, string]> = [];
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      sections.push([body.length, section]);
    }
    body.push([
      r.figure,
      format(r.value, r.unit),
      r.limit === null ? "—" : `${format(r.limit, r.unit)} (${r.limitName ?? "limit"})`,
      r.ratio === null ? "—" : r.ratio.toFixed(r.ratio >= 10 ? 1 : 3),
      r.target ?? "—",
      r.met === null ? "" : r.met ? "✓" : "✗",
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\n${line(header)}\n${widths.map((w) => "─".repeat(w)).join("  ")}`);
  body.forEach((cells, index) => {
    const starts = sections.find(([at]) => at === index);
    if (starts) console.log(`\n${starts[1]}`);
    console.log(line(cells));
  });
}

export function writeJson(value: unknown, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
