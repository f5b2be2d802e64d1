/**
 * Time to first byte of single routes: how long a shopper waits before the
 * page starts to arrive (with streaming, the shell; without, the whole
 * render). A few keep-alive connections send GETs back to back for a few
 * seconds; each request's clock runs from the moment it is written to the
 * moment the response's status line and headers have arrived (Node's
 * `response` event), and on to its last byte. Redirects are not followed:
 * anything but 2xx is counted as a failure.
 */
import { Agent, request } from "node:http";
import { percentile, round, sleep, tally } from "./stats";

export type TtfbResult = {
  name: string;
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  ttfbP50Ms: number | null;
  ttfbP95Ms: number | null;
  /** Until the last byte, for comparison. */
  totalP50Ms: number | null;
  totalP95Ms: number | null;
  /** Responses by HTTP status, plus "error" for requests that got none. */
  statuses: Record<string, number>;
  /** Responses that were not 2xx (redirects included) or never came. */
  failures: number;
  /** Where a redirect pointed, if any came (the first one). */
  redirectedTo?: string;
};

export type TtfbLoad = {
  name: string;
  baseUrl: string;
  path: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Unmeasured seconds first, so the route's code is loaded and warm. */
  warmupSeconds?: number;
};

type Sample = { status: string; ttfbMs: number; totalMs: number; location?: string };

const TIMEOUT_MS = 10_000;

function once(agent: Agent, url: URL, headers: Record<string, string>): Promise<Sample> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(url, { agent, method: "GET", headers, timeout: TIMEOUT_MS }, (response) => {
      const ttfbMs = performance.now() - started;
      const location = response.headers.location;
      response.on("data", () => undefined);
      response.on("end", () => resolve({ status: String(response.statusCode ?? 0), ttfbMs, totalMs: performance.now() - started, location }));
      response.on("error", () => resolve({ status: "error", ttfbMs, totalMs: performance.now() - started }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => {
      const ms = performance.now() - started;
      resolve({ status: "error", ttfbMs: ms, totalMs: ms });
    });
    req.end();
  });
}

async function drive(load: TtfbLoad, seconds: number): Promise<Sample[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const url = new URL(load.path, load.baseUrl);
  const samples: Sample[] = [];
  const until = performance.now() + seconds * 1000;
  const connection = async (): Promise<void> => {
    while (performance.now() < until) {
      const sample = await once(agent, url, load.headers ?? {});
      samples.push(sample);
      // A connection that gets no answer at all should not spin.
      if (sample.status === "error") await sleep(50);
    }
  };
  try {
    await Promise.all(Array.from({ length: load.connections }, connection));
  } finally {
    agent.destroy();
  }
  return samples;
}

export async function measureTtfb(load: TtfbLoad): Promise<TtfbResult> {
  if (load.warmupSeconds) await drive(load, load.warmupSeconds);
  const started = performance.now();
  const samples = await drive(load, load.seconds);
  const seconds = (performance.now() - started) / 1000;
  const ttfb = samples.map((s) => s.ttfbMs);
  const total = samples.map((s) => s.totalMs);
  const failures = samples.filter((s) => !s.status.startsWith("2"));
  const redirectedTo = samples.find((s) => s.location !== undefined)?.location;
  return {
    name: load.name,
    path: load.path,
    connections: load.connections,
    seconds: round(seconds, 2) ?? 0,
    requests: samples.length,
    ttfbP50Ms: round(percentile(ttfb, 50), 2),
    ttfbP95Ms: round(percentile(ttfb, 95), 2),
    totalP50Ms: round(percentile(total, 50), 2),
    totalP95Ms: round(percentile(total, 95), 2),
    statuses: tally(samples.map((s) => s.status)),
    failures: failures.length,
    ...(redirectedTo === undefined ? {} : { redirectedTo }),
  };
}
