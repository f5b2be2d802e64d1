/**
 * Lighthouse 12 with its default (mobile) configuration against pages of a
 * running instance: the four category scores and the JavaScript each page
 * ships. Each page runs several times (pages in turn, so a burst of load on a
 * shared machine does not land on one page's runs alone) and the median run
 * by performance score is reported, with how busy the machine was before each.
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { z } from "zod";
import { benchPortRange, freePort } from "./instances";
import { round, sleep } from "./stats";

export type LighthousePage = {
  name: string;
  url: string;
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  seo: number | null;
  /** See LighthouseTarget. */
  keptFromSearch?: boolean;
  /** Transfer size of the page's scripts (resource-summary audit). */
  scriptKb: number | null;
  totalKb: number | null;
  metrics: { fcpMs: number | null; lcpMs: number | null; tbtMs: number | null; cls: number | null; speedIndexMs: number | null };
  /** Audits that cost points, per category (for the report's "what holds it back"). */
  failing: Record<string, string[]>;
  /** Lighthouse's own measure of the host CPU during the run (simulated throttling scales with it; lower = busier). */
  benchmarkIndex: number | null;
  /** The URL Lighthouse ended on, when a redirect took it elsewhere (the page measured is then not the one asked for). */
  redirectedTo?: string;
  error?: string;
  /** Every run of this page; the fields above are the median run's (by performance score). */
  runs: LighthouseRun[];
  /** Whether any run started on a busy machine (see LighthouseRun). */
  wasBusy: boolean;
};

export type LighthouseRun = {
  performance: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  benchmarkIndex: number | null;
  /** 1-minute load average and CPUs in use (of `cpus`, over the second before the run) when it started. */
  loadAverage: number;
  busyCpus: number;
  cpus: number;
  /** Load average above the core count, or more than half the CPUs busy, just before the run. */
  wasBusy: boolean;
  error?: string;
};

export type LighthouseTarget = {
  name: string;
  url: string;
  cookie?: string;
  /** robots.txt keeps the page out of search on purpose (a cart): Lighthouse's is-crawlable audit fails by design. */
  keptFromSearch?: boolean;
};

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
// Spanish, like a shopper of the unprefixed pages: an English browser would be redirected to /en by the proxy.
const LANGUAGE = "es-AR";
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", `--lang=${LANGUAGE}`];
/**
 * How long, in all, the runs may wait for a busy machine to quieten (checked every second):
 * BENCH_LIGHTHOUSE_IDLE_WAIT seconds, shared by the runs so a machine that stays busy costs it once.
 */
const IDLE_WAIT_MS = 1000 * Math.min(120, Math.max(0, Number(process.env.BENCH_LIGHTHOUSE_IDLE_WAIT ?? 15) || 0));

/** Total and idle CPU time of the machine so far (/proc/stat's first line, in ticks). */
function cpuTicks(): { total: number; idle: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
  // idle + iowait.
  return { total, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
}

/** CPUs in use over the next second, and the 1-minute load average. */
async function machineLoad(): Promise<MachineLoad> {
  const cpus = os.cpus().length;
  const before = cpuTicks();
  await sleep(1000);
  const after = cpuTicks();
  const total = after.total - before.total;
  const busy = total > 0 ? (1 - (after.idle - before.idle) / total) * cpus : 0;
  return { busyCpus: round(busy, 2) ?? 0, loadAverage: round(os.loadavg()[0] ?? 0, 2) ?? 0, cpus };
}

const isBusy = (load: MachineLoad): boolean =>
  load.loadAverage > load.cpus || load.busyCpus > load.cpus / 2;

/** Waits for the machine to be idle, at most what is left of `budget.ms`, and says how busy it was when the wait ended. */
async function awaitIdle(budget: { ms: number }): Promise<MachineLoad> {
  let load = await machineLoad();
  while (load.busyCpus > load.cpus / 2 && budget.ms > 0) {
    const started = Date.now();
    load = await machineLoad();
    budget.ms -= Date.now() - started;
  }
  return load;
}

const resourceSummary = z.object({
  items: z.array(z.object({ resourceType: z.string(), transferSize: z.number() })),
});

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];

function score(lhr: Lhr, id: string): number | null {
  const value = lhr.categories[id]?.score;
  return typeof value === "number" ? Math.round(value * 100) : null;
}

function numeric(lhr: Lhr, id: string): number | null {
  const value = lhr.audits[id]?.numericValue;
  return typeof value === "number" ? Math.round(value * 1000) / 1000 : null;
}

function bytesOf(lhr: Lhr, resourceType: string): number | null {
  const parsed = resourceSummary.safeParse(lhr.audits["resource-summary"]?.details);
  const item = parsed.success ? parsed.data.items.find((i) => i.resourceType === resourceType) : undefined;
  return item ? Math.round(item.transferSize / 102.4) / 10 : null;
}

function failingAudits(lhr: Lhr): Record<string, string[]> {
  const failing: Record<string, string[]> = {};
  for (const id of CATEGORIES) {
    const refs = lhr.categories[id]?.auditRefs ?? [];
    failing[id] = refs
      .filter((ref) => ref.weight > 0)
      .filter((ref) => {
        const audit = lhr.audits[ref.id];
        return audit !== undefined && typeof audit.score === "number" && audit.score < (id === "performance" ? 0.9 : 1);
      })
      .map((ref) => ref.id);
  }
  return failing;
}

/**
 * `runs` runs of every target, the targets in turn; the median run of each.
 * `onLaunch` learns the browser as soon as it runs, so an interrupted bench can close it.
 * `onRun` hears of each run as it ends (progress).
 */
export async function runLighthouse(
  targets: LighthouseTarget[],
  options: { runs: number; deadline: number; onLaunch?: (chrome: { pid: number; kill(): void }) => void; onRun?: (message: string) => void },
): Promise<LighthousePage[]> {
  const chromePath = process.env.CHROME_PATH || "/usr/bin/chromium";
  // chrome-launcher's spawn error would surface as an uncaught exception and end the whole configuration.
  if (!existsSync(chromePath)) throw new Error(`no Chromium at ${chromePath}: install it or set CHROME_PATH (BENCH_LIGHTHOUSE=0 skips Lighthouse)`);
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: CHROME_FLAGS,
    logLevel: "silent",
    // Its own SIGINT handler would exit this process before the bench cleans up.
    handleSIGINT: false,
    ...(benchPortRange() ? { port: await freePort() } : {}),
  });
  options.onLaunch?.({ pid: chrome.pid, kill: () => chrome.kill() });
  const runs: MeasuredRun[][] = targets.map(() => []);
  const idleWait = { ms: IDLE_WAIT_MS };
  try {
    for (let pass = 1; pass <= options.runs && Date.now() < options.deadline; pass++) {
      for (const [index, target] of targets.entries()) {
        if (Date.now() >= options.deadline) break;
        const load = await awaitIdle(idleWait);
        const page = await runOnce(chrome.port, target);
        runs[index]?.push({ page, load });
        options.onRun?.(`Lighthouse run ${pass}/${options.runs} of ${target.name}: performance ${page.performance ?? "—"}`
          + ` (load average ${load.loadAverage}, ${load.busyCpus} of ${load.cpus} CPUs busy before it)`);
      }
    }
  } finally {
    chrome.kill();
  }
  return targets.map((target, index) => medianPage(target, runs[index] ?? []));
}

type MachineLoad = { busyCpus: number; loadAverage: number; cpus: number };
type MeasuredRun = { page: LighthousePage; load: MachineLoad };

/** The run with the median performance score (the lower middle one for an even count), with every run listed. */
function medianPage(target: LighthouseTarget, runs: MeasuredRun[]): LighthousePage {
  const listed: LighthouseRun[] = runs.map(({ page, load }) => ({
    performance: page.performance, lcpMs: page.metrics.lcpMs, tbtMs: page.metrics.tbtMs, benchmarkIndex: page.benchmarkIndex,
    ...load, wasBusy: isBusy(load), ...(page.error ? { error: page.error } : {}),
  }));
  const scored = runs.map((r) => r.page).filter((p) => p.performance !== null).sort((a, b) => (a.performance ?? 0) - (b.performance ?? 0));
  const median = scored[Math.floor((scored.length - 1) / 2)] ?? runs[0]?.page ?? emptyPage(target, "Lighthouse did not run");
  return { ...median, runs: listed, wasBusy: listed.some((r) => r.wasBusy) };
}

async function runOnce(port: number, target: LighthouseTarget): Promise<LighthousePage> {
  let run: Awaited<ReturnType<typeof lighthouse>>;
  try {
    run = await lighthouse(target.url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...CATEGORIES],
      extraHeaders: { "Accept-Language": `${LANGUAGE},es;q=0.9`, ...(target.cookie ? { Cookie: target.cookie } : {}) },
    });
  } catch (error) {
    return emptyPage(target, error instanceof Error ? error.message : String(error));
  }
  const lhr = run?.lhr;
  if (!lhr) return emptyPage(target, "Lighthouse returned no result");
  const landed = lhr.finalDisplayedUrl;
  const redirectedTo = landed && new URL(landed).pathname !== new URL(target.url).pathname ? landed : undefined;
  const page: LighthousePage = {
    name: target.name,
    url: target.url,
    keptFromSearch: target.keptFromSearch,
    performance: score(lhr, "performance"),
    accessibility: score(lhr, "accessibility"),
    bestPractices: score(lhr, "best-practices"),
    seo: score(lhr, "seo"),
    scriptKb: bytesOf(lhr, "script"),
    totalKb: bytesOf(lhr, "total"),
    metrics: {
      fcpMs: numeric(lhr, "first-contentful-paint"),
      lcpMs: numeric(lhr, "largest-contentful-paint"),
      tbtMs: numeric(lhr, "total-blocking-time"),
      cls: numeric(lhr, "cumulative-layout-shift"),
      speedIndexMs: numeric(lhr, "speed-index"),
    },
    failing: failingAudits(lhr),
    benchmarkIndex: typeof lhr.environment.benchmarkIndex === "number" ? Math.round(lhr.environment.benchmarkIndex) : null,
    ...(redirectedTo ? { redirectedTo } : {}),
    error: lhr.runtimeError?.message ?? (redirectedTo ? `redirected to ${redirectedTo}` : undefined),
    runs: [],
    wasBusy: false,
  };
  return page;
}

function emptyPage(target: LighthouseTarget, error: string): LighthousePage {
  return {
    name: target.name, url: target.url, keptFromSearch: target.keptFromSearch, performance: null, accessibility: null, bestPractices: null, seo: null,
    scriptKb: null, totalKb: null, metrics: { fcpMs: null, lcpMs: null, tbtMs: null, cls: null, speedIndexMs: null }, failing: {},
    benchmarkIndex: null, error, runs: [], wasBusy: false,
  };
}
