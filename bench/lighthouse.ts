/**
 * Lighthouse 12 with its default (mobile) configuration against pages of a
 * running instance: the four category scores and the JavaScript each page ships.
 */
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { z } from "zod";

export type LighthousePage = {
  name: string;
  url: string;
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  seo: number | null;
  /** Transfer size of the page's scripts (resource-summary audit). */
  scriptKb: number | null;
  totalKb: number | null;
  metrics: { fcpMs: number | null; lcpMs: number | null; tbtMs: number | null; cls: number | null; speedIndexMs: number | null };
  /** Audits that cost points, per category (for the report's "what holds it back"). */
  failing: Record<string, string[]>;
  /** Lighthouse's own measure of the host CPU during the run (simulated throttling scales with it; lower = busier). */
  benchmarkIndex: number | null;
  error?: string;
};

export type LighthouseTarget = { name: string; url: string; cookie?: string };

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

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

/** `onLaunch` learns the browser as soon as it runs, so an interrupted bench can close it. */
export async function runLighthouse(
  targets: LighthouseTarget[],
  onLaunch?: (chrome: { pid: number; kill(): void }) => void,
): Promise<LighthousePage[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    chromeFlags: CHROME_FLAGS,
    logLevel: "silent",
    // Its own SIGINT handler would exit this process before the bench cleans up.
    handleSIGINT: false,
  });
  onLaunch?.({ pid: chrome.pid, kill: () => chrome.kill() });
  const pages: LighthousePage[] = [];
  try {
    for (const target of targets) {
      const run = await lighthouse(target.url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: [...CATEGORIES],
        extraHeaders: target.cookie ? { Cookie: target.cookie } : undefined,
      });
      const lhr = run?.lhr;
      if (!lhr) {
        pages.push(emptyPage(target, "Lighthouse returned no result"));
        continue;
      }
      pages.push({
        name: target.name,
        url: target.url,
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
        error: lhr.runtimeError?.message,
      });
    }
  } finally {
    chrome.kill();
  }
  return pages;
}

function emptyPage(target: LighthouseTarget, error: string): LighthousePage {
  return {
    name: target.name, url: target.url, performance: null, accessibility: null, bestPractices: null, seo: null,
    scriptKb: null, totalKb: null, metrics: { fcpMs: null, lcpMs: null, tbtMs: null, cls: null, speedIndexMs: null }, failing: {},
    benchmarkIndex: null, error,
  };
}
