/**
 * Requests per second and latency of single routes under a fixed load
 * (autocannon, keep-alive connections), always beside the trivial route
 * measured the same way: that one is the framework's limit on this machine.
 */
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { signWebhook, type MercadoPagoStandIn } from "@/e2e/stand-ins/mercadopago";
import { addToCart, newCartToken } from "@/lib/cart";
import { confirmOrder, contactSchema } from "@/lib/checkout";
import { percentile, pool, round, tally } from "./stats";
import { perUnit, startUsage, type Usage, type UsageMeter } from "./usage";

export type RouteResult = {
  name: string;
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Mean size of a response (headers and body): HTML with its inlined RSC payload for pages. */
  meanResponseKb: number | null;
  /** Responses by HTTP status, plus "error"/"timeout" for requests that got none. */
  statuses: Record<string, number>;
  /** For the webhook: what the app answered (its `message`), by count. */
  outcomes?: Record<string, number>;
  /** Cost per answered request: CPU of the app, PostgreSQL and this process (autocannon, stand-in); database counters. */
  usagePerRequest: Usage | null;
};

export type RouteLoad = {
  name: string;
  baseUrl: string;
  path: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Requests built one at a time (the webhook signs each); `amount` caps how many. */
  requests?: autocannon.Request[];
  amount?: number;
  /** Unmeasured requests first, so the route's code is loaded and warm. */
  warmup?: boolean;
  usage?: UsageMeter;
};

const WEBHOOK_PATH = "/api/mercadopago/webhook";
const WARMUP_SECONDS = 1;

export async function benchRoute(load: RouteLoad): Promise<RouteResult> {
  if (load.warmup) {
    await autocannon({ url: load.baseUrl + load.path, connections: 4, duration: WARMUP_SECONDS, headers: load.headers });
  }
  const latencies: number[] = [];
  const statuses: string[] = [];
  let bytes = 0;
  const measuring = await startUsage(load.usage);
  const instance = autocannon({
    url: load.baseUrl + load.path,
    connections: load.connections,
    duration: load.seconds,
    amount: load.amount,
    timeout: 10,
    headers: load.headers,
    requests: load.requests,
  });
  instance.on("response", (_client, status, responseBytes, ms) => {
    bytes += responseBytes;
    latencies.push(ms);
    statuses.push(String(status));
  });
  // With `amount` autocannon ignores `duration`; the clock still bounds the run.
  const timer = load.amount ? setTimeout(() => instance.stop(), load.seconds * 1000) : undefined;
  const result = await instance;
  clearTimeout(timer);
  const spent = await measuring.finish();
  const byStatus = tally(statuses);
  if (result.errors > 0) byStatus.error = result.errors - result.timeouts;
  if (result.timeouts > 0) byStatus.timeout = result.timeouts;
  return {
    name: load.name,
    path: load.path,
    connections: load.connections,
    seconds: result.duration,
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / result.duration, 1) ?? 0,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    meanResponseKb: latencies.length > 0 ? round(bytes / latencies.length / 1024, 1) : null,
    statuses: byStatus,
    usagePerRequest: perUnit(spent, latencies.length),
  };
}

/**
 * `count` approved payments at the stand-in, each for an order of its own
 * confirmed through lib/checkout (one unit, variants taken in turn), with no
 * notification sent yet: the webhook bench delivers them. Returns their ids.
 */
export async function prepareApprovedPayments(options: {
  standIn: MercadoPagoStandIn;
  variantIds: number[];
  count: number;
  concurrency: number;
  deadline: number;
}): Promise<string[]> {
  const { standIn, variantIds, count, concurrency, deadline } = options;
  const contact = contactSchema.parse({
    email: "bench-webhook@example.com", fullName: "Bench Webhook", address: "Av. Corrientes 1234", city: "Buenos Aires", province: "C", postalCode: "C1043AAZ",
    phone: "11 4321-5678",
  });
  const ids = await pool(count, concurrency, async (i) => {
    const owner = { token: newCartToken() };
    const variantId = variantIds[i % variantIds.length];
    if (variantId === undefined) throw new Error("no webhook variants");
    const added = await addToCart(owner, variantId, 1);
    if (!added.ok) throw new Error(`webhook shopper ${i}: ${added.message}`);
    const confirmed = await confirmOrder(owner, contact);
    if (!confirmed.ok) throw new Error(`webhook shopper ${i}: ${confirmed.message}`);
    const preferenceId = new URL(confirmed.initPoint).searchParams.get("pref_id") ?? "";
    const paid = await standIn.pay(preferenceId, "approved", { notify: false });
    return String(paid.id);
  }, deadline);
  return ids.filter((id): id is string => typeof id === "string");
}

/**
 * One signed notification per request, each for the next prepared payment,
 * signed at send time as Mercado Pago does (the app refuses stale ones).
 */
export function signedWebhookRequests(paymentIds: string[], secret: string, outcomes: string[]): autocannon.Request[] {
  let next = 0;
  return [{
    setupRequest: (request) => {
      const dataId = paymentIds[Math.min(next++, paymentIds.length - 1)] ?? "0";
      const requestId = randomUUID();
      const ts = Math.floor(Date.now() / 1000);
      return {
        ...request,
        method: "POST",
        path: `${WEBHOOK_PATH}?data.id=${dataId}&type=payment`,
        headers: {
          "content-type": "application/json",
          "x-request-id": requestId,
          "x-signature": signWebhook({ dataId, requestId, ts, secret }),
        },
        body: JSON.stringify({ action: "payment.created", api_version: "v1", type: "payment", data: { id: dataId } }),
      };
    },
    onResponse: (_status, body) => {
      try {
        const parsed: unknown = JSON.parse(body);
        outcomes.push(typeof parsed === "object" && parsed !== null && "message" in parsed ? String(parsed.message) : "unreadable");
      } catch {
        outcomes.push("unreadable");
      }
    },
  }];
}

/** Plain GETs that take turns with the given cookies (one per request, round robin). */
export function rotatingCookies(cookies: string[]): autocannon.Request[] {
  let next = 0;
  return [{
    setupRequest: (request) => ({ ...request, method: "GET", headers: { ...request.headers, cookie: cookies[next++ % cookies.length] ?? "" } }),
  }];
}
