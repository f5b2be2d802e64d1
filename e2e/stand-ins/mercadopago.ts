// Local Mercado Pago stand-in: a real HTTP server answering the REST calls the
// official `mercadopago` SDK makes, plus a hosted-checkout page and webhooks,
// so the storefront and its tests run end to end offline.
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { renderCheckoutPage, renderMessagePage, renderResultPage } from "./mercadopago-page";

export const STAND_IN_ACCESS_TOKEN = "TEST-percha-stand-in-token";
export const STAND_IN_WEBHOOK_SECRET = "percha-stand-in-webhook-secret";

export type PaymentStatus = "approved" | "rejected" | "pending" | "in_process";
type CheckoutChoice = "approved" | "rejected" | "pending";
type FaultMode = "error" | "hang";
type Json = Record<string, unknown>;

export type PreferenceItem = { title: string; quantity: number; unit_price: number; currency_id: string } & Json;
export type BackUrls = { success?: string; failure?: string; pending?: string };
export type Preference = Json & {
  id: string; collector_id: number; client_id: string; site_id: "MLA"; operation_type: string;
  items: PreferenceItem[]; payer: Json; back_urls: BackUrls; auto_return: string;
  notification_url: string | null; external_reference: string; expires: boolean;
  expiration_date_from: string | null; expiration_date_to: string | null;
  payment_methods: Json; metadata: Json; init_point: string; sandbox_init_point: string; date_created: string;
};
export type Refund = {
  id: number; payment_id: number; amount: number; amount_refunded_to_payer: number; status: "approved";
  date_created: string; refund_mode: "standard"; adjustment_amount: number; reason: string | null;
  unique_sequence_number: null; metadata: Json; source: { id: string; name: string; type: "collector" };
};
export type Payment = {
  id: number; status: PaymentStatus | "refunded"; status_detail: string; transaction_amount: number;
  transaction_amount_refunded: number; currency_id: string; external_reference: string | null;
  preference_id: string; description: string; date_created: string; date_approved: string | null;
  date_last_updated: string; payment_type_id: "credit_card"; payment_method_id: "visa"; installments: number;
  operation_type: "regular_payment"; processing_mode: "aggregator"; collector_id: number; live_mode: false;
  captured: boolean; binary_mode: boolean; order: { id: number; type: "mercadopago" };
  payer: { id: string; email: string; type: "guest" }; metadata: Json; notification_url: string | null;
  transaction_details: { total_paid_amount: number; net_received_amount: number; installment_amount: number };
  additional_info: { items: PreferenceItem[] }; refunds: Refund[];
};
export type PayOptions = { notify?: boolean; amount?: number; currency?: string; externalReference?: string };

export type MercadoPagoStandIn = {
  url: string; accessToken: string; webhookSecret: string;
  close(): Promise<void>;
  failNext(n: number, mode?: FaultMode): void;
  pay(preferenceId: string, status: PaymentStatus, opts?: PayOptions): Promise<Payment>;
  payments(): Payment[];
  preferences(): Preference[];
};
export type StandInOptions = {
  port?: number; host?: string; accessToken?: string; webhookSecret?: string; now?: () => Date; publicUrl?: string;
  /** Where to keep preferences, payments and idempotent replies across restarts; unset keeps them in memory only. */
  stateFile?: string;
};

type Cause = { code: string; description: string; data: null };
type Reply = { status: number; json?: unknown; html?: string; location?: string };
const HANG = "hang";

const COLLECTOR_ID = 202809963;
const WEBHOOK_TIMEOUT_MS = 5000;
// Ids grow with the wall clock (1000 per second since late 2023, 11 digits like real ones), so a restarted
// stand-in does not hand out ids an app database already holds from an earlier run.
const ID_SEED = (Math.floor(Date.now() / 1000) - 1_700_000_000) * 1000;
const STATUS_DETAIL: Record<PaymentStatus, string> = {
  approved: "accredited", rejected: "cc_rejected_other_reason",
  pending: "pending_contingency", in_process: "pending_review_manual",
};
const BACK_URL_KEY: Record<CheckoutChoice, keyof BackUrls> = { approved: "success", rejected: "failure", pending: "pending" };

/** Value of the `x-signature` header Mercado Pago sends (HMAC-SHA256 of the documented manifest). */
export function signWebhook(args: { dataId: string; requestId: string; ts: number | string; secret: string }): string {
  const manifest = `id:${args.dataId};request-id:${args.requestId};ts:${args.ts};`;
  return `ts=${args.ts},v1=${createHmac("sha256", args.secret).update(manifest).digest("hex")}`;
}

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const record = (v: unknown): Json => (isRecord(v) ? v : {});
const round2 = (n: number): number => Math.round(n * 100) / 100;
const cause = (code: string, description: string): Cause => ({ code, description, data: null });
const isPaymentStatus = (v: unknown): v is PaymentStatus => typeof v === "string" && v in STATUS_DETAIL;
const isChoice = (v: unknown): v is CheckoutChoice => typeof v === "string" && v in BACK_URL_KEY;

function apiError(status: number, error: string, message: string, causes: Cause[] = []): Reply {
  return { status, json: { message, error, status, cause: causes } };
}
const notFound = (what: string): Reply => apiError(404, "not_found", `${what} not found`);

function itemCauses(item: unknown, i: number): Cause[] {
  if (!isRecord(item)) return [cause("invalid_items", `items[${i}] must be an object`)];
  const causes: Cause[] = [];
  const price = item.unit_price;
  if (typeof price !== "number" || !Number.isFinite(price) || price <= 0) {
    causes.push(cause("invalid_unit_price", `items[${i}].unit_price must be a number greater than 0`));
  }
  const qty = item.quantity;
  if (typeof qty !== "number" || !Number.isInteger(qty) || qty < 1) {
    causes.push(cause("invalid_quantity", `items[${i}].quantity must be an integer greater than 0`));
  }
  if (!text(item.currency_id)) causes.push(cause("invalid_currency_id", `items[${i}].currency_id is required`));
  return causes;
}

function parseItems(raw: unknown): { items: PreferenceItem[] } | { causes: Cause[] } {
  if (!Array.isArray(raw) || raw.length === 0) return { causes: [cause("invalid_items", "items needed")] };
  const causes = raw.flatMap(itemCauses);
  const items = raw.filter(isRecord).map((item) => ({
    ...item, title: text(item.title) ?? "Item", quantity: Number(item.quantity),
    unit_price: Number(item.unit_price), currency_id: String(item.currency_id),
  }));
  if (causes.length === 0 && new Set(items.map((i) => i.currency_id)).size > 1) {
    causes.push(cause("invalid_currency_id", "all items must use the same currency_id"));
  }
  return causes.length > 0 ? { causes } : { items };
}

function preferenceCauses(body: Json): Cause[] {
  const causes: Cause[] = [];
  for (const key of ["expiration_date_from", "expiration_date_to"]) {
    const value = body[key];
    if (value != null && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) {
      causes.push(cause(`invalid_${key}`, `${key} must be an ISO 8601 date`));
    }
  }
  const hook = body.notification_url;
  if (hook != null && (typeof hook !== "string" || !URL.canParse(hook) || !/^https?:/.test(hook))) {
    causes.push(cause("invalid_notification_url", "notification_url must be a valid http(s) URL"));
  }
  return causes;
}

const preferenceTotal = (p: Preference): number =>
  round2(p.items.reduce((sum, item) => sum + item.unit_price * item.quantity, 0));

function backUrls(raw: unknown): BackUrls {
  const urls = record(raw);
  return { success: text(urls.success), failure: text(urls.failure), pending: text(urls.pending) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

async function readJson(req: IncomingMessage): Promise<Json | undefined> {
  const raw = await readBody(req);
  if (raw.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.location) {
    res.writeHead(reply.status, { location: reply.location }).end();
  } else if (reply.html !== undefined) {
    res.writeHead(reply.status, { "content-type": "text/html; charset=utf-8" }).end(reply.html);
  } else {
    res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.json ?? {}));
  }
}

// What a restarted stand-in needs to keep serving links and payments it created. Written only by this
// stand-in, so the records themselves are checked just enough to be found again by their ids.
const jsonObject = z.record(z.string(), z.unknown());
const stateSchema = z.object({
  version: z.literal(1),
  preferences: z.array(jsonObject.and(z.object({ id: z.string() }))),
  payments: z.array(jsonObject.and(z.object({ id: z.number() }))),
  idempotent: z.array(z.tuple([z.string(), z.object({
    status: z.number(), json: z.unknown().optional(), html: z.string().optional(), location: z.string().optional(),
  })])),
  merchantOrders: z.array(z.tuple([z.string(), z.number()])),
  ids: z.object({ payment: z.number(), order: z.number(), refund: z.number(), notification: z.number() }),
});
type State = z.infer<typeof stateSchema>;

function readState(file: string): State | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a Mercado Pago stand-in state file; delete it to start afresh`);
  return parsed.data;
}

/** Written whole to a temporary file, then renamed over the old one, so a crash never leaves half a file. */
function writeState(file: string, state: State): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}

function log(message: string, err?: unknown): void {
  // fetch() hides the useful part (ECONNREFUSED, timeout) in `cause`.
  const detail = err instanceof Error ? [err.message, err.cause instanceof Error ? err.cause.message : ""] : [];
  console.warn(`[mercadopago stand-in] ${message}`, detail.filter(Boolean).join(": "));
}

class StandIn {
  readonly preferences = new Map<string, Preference>();
  readonly payments = new Map<number, Payment>();
  private readonly idempotent = new Map<string, Reply>();
  private readonly merchantOrders = new Map<string, number>();
  private readonly closing = new AbortController();
  private faults: { remaining: number; mode: FaultMode } = { remaining: 0, mode: "error" };
  private readonly ids = { payment: ID_SEED, order: ID_SEED, refund: ID_SEED, notification: ID_SEED };

  constructor(
    readonly accessToken: string, readonly webhookSecret: string,
    private readonly now: () => Date, private readonly publicUrl: () => string,
    private readonly stateFile: string | undefined,
  ) {
    const state = stateFile ? readState(stateFile) : undefined;
    if (!state) return;
    // The file is this stand-in's own output: its records have the shapes it wrote.
    for (const preference of state.preferences) this.preferences.set(preference.id, preference as Preference);
    for (const payment of state.payments) this.payments.set(payment.id, payment as unknown as Payment);
    for (const [key, reply] of state.idempotent) this.idempotent.set(key, reply);
    for (const [preferenceId, orderId] of state.merchantOrders) this.merchantOrders.set(preferenceId, orderId);
    for (const key of Object.keys(this.ids) as Array<keyof typeof this.ids>) this.ids[key] = Math.max(this.ids[key], state.ids[key]);
  }

  /** Saves the state after every change, when the stand-in has a state file. */
  private changed(): void {
    if (!this.stateFile) return;
    writeState(this.stateFile, {
      version: 1,
      preferences: [...this.preferences.values()],
      payments: [...this.payments.values()],
      idempotent: [...this.idempotent],
      merchantOrders: [...this.merchantOrders],
      ids: { ...this.ids },
    });
  }

  failNext(count: number, mode: FaultMode): void {
    this.faults = { remaining: Math.max(0, Math.floor(count)), mode };
  }

  reset(): void {
    [this.preferences, this.payments, this.idempotent, this.merchantOrders].forEach((map) => map.clear());
    this.faults = { remaining: 0, mode: "error" };
    this.changed();
  }

  shutdown(): void {
    this.closing.abort();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
    const reply = await this.route(req.method ?? "GET", path, url, req);
    if (reply !== HANG) send(res, reply);
  }

  private async route(method: string, path: string, url: URL, req: IncomingMessage): Promise<Reply | typeof HANG> {
    if (path.startsWith("/__control/")) return this.control(method, path, req);
    if (path === "/checkout/v1/redirect") return this.checkout(method, url, req);
    if (this.faults.remaining > 0) {
      this.faults.remaining -= 1;
      if (this.faults.mode === "hang") return HANG;
      return apiError(500, "internal_server_error", "Simulated failure (stand-in failNext)");
    }
    const auth = req.headers.authorization;
    if (!auth) return apiError(401, "unauthorized", "must provide your access_token to proceed");
    if (auth !== `Bearer ${this.accessToken}`) return apiError(401, "unauthorized", "invalid access token");
    return this.api(method, path, url, req);
  }

  private async api(method: string, path: string, url: URL, req: IncomingMessage): Promise<Reply> {
    if (path === "/checkout/preferences" && method === "POST") {
      return this.once(req, path, async () => this.createPreference(await readJson(req)));
    }
    const [, preferenceId] = /^\/checkout\/preferences\/([^/]+)$/.exec(path) ?? [];
    if (preferenceId && method === "GET") {
      const preference = this.preferences.get(decodeURIComponent(preferenceId));
      return preference ? { status: 200, json: preference } : notFound("Preference");
    }
    if (preferenceId && method === "PUT") return this.updatePreference(decodeURIComponent(preferenceId), await readJson(req));
    if (path === "/v1/payments/search" && method === "GET") return this.search(url.searchParams);
    const [, paymentId, refunds] = /^\/v1\/payments\/([^/]+)(\/refunds)?$/.exec(path) ?? [];
    if (!paymentId) return apiError(404, "not_found", `Resource ${method} ${path} not found`);
    const payment = this.payments.get(Number(decodeURIComponent(paymentId)));
    if (!payment) return notFound("Payment");
    if (method === "GET") return { status: 200, json: refunds ? payment.refunds : payment };
    if (refunds && method === "POST") return this.once(req, path, async () => this.refund(payment, await readJson(req)));
    return apiError(405, "method_not_allowed", `Method ${method} not allowed on ${path}`);
  }

  /** Replays the first successful answer for a repeated X-Idempotency-Key, as Mercado Pago does. */
  private async once(req: IncomingMessage, path: string, run: () => Promise<Reply>): Promise<Reply> {
    const key = req.headers["x-idempotency-key"];
    if (typeof key !== "string" || key === "") return run();
    const cacheKey = `${path}#${key}`;
    const cached = this.idempotent.get(cacheKey);
    if (cached) return cached;
    const reply = await run();
    if (reply.status < 300) {
      this.idempotent.set(cacheKey, reply);
      this.changed();
    }
    return reply;
  }

  private createPreference(body: Json | undefined): Reply {
    if (!body) return apiError(400, "bad_request", "body must be a JSON object");
    const parsed = parseItems(body.items);
    const causes = [...("causes" in parsed ? parsed.causes : []), ...preferenceCauses(body)];
    if (causes.length > 0 || !("items" in parsed)) {
      return apiError(400, "bad_request", causes[0]?.description ?? "invalid preference", causes);
    }
    const id = `${COLLECTOR_ID}-${randomUUID()}`;
    const checkoutUrl = `${this.publicUrl()}/checkout/v1/redirect?pref_id=${id}`;
    const preference: Preference = {
      ...body, id, collector_id: COLLECTOR_ID, client_id: "6295877106812064", site_id: "MLA",
      operation_type: text(body.operation_type) ?? "regular_payment", items: parsed.items,
      payer: record(body.payer), back_urls: backUrls(body.back_urls), auto_return: text(body.auto_return) ?? "",
      notification_url: text(body.notification_url) ?? null, external_reference: text(body.external_reference) ?? "",
      expires: body.expires === true, expiration_date_from: text(body.expiration_date_from) ?? null,
      expiration_date_to: text(body.expiration_date_to) ?? null, payment_methods: record(body.payment_methods),
      metadata: record(body.metadata), init_point: checkoutUrl, sandbox_init_point: checkoutUrl,
      date_created: this.now().toISOString(),
    };
    this.preferences.set(id, preference);
    this.changed();
    return { status: 201, json: preference };
  }

  /** Changes the fields sent, as Mercado Pago's PUT does; the shop uses it to end a link early. */
  private updatePreference(id: string, body: Json | undefined): Reply {
    const preference = this.preferences.get(id);
    if (!preference) return notFound("Preference");
    if (!body) return apiError(400, "bad_request", "body must be a JSON object");
    const causes = preferenceCauses(body);
    if (causes.length > 0) return apiError(400, "bad_request", causes[0]?.description ?? "invalid preference", causes);
    if (typeof body.expires === "boolean") preference.expires = body.expires;
    for (const key of ["expiration_date_from", "expiration_date_to"] as const) {
      if (typeof body[key] === "string") preference[key] = body[key];
    }
    return { status: 200, json: preference };
  }

  private search(query: URLSearchParams): Reply {
    const paging = new Set(["sort", "criteria", "limit", "offset", "range", "begin_date", "end_date"]);
    const filters = [...query].filter(([key]) => !paging.has(key));
    const matches = [...this.payments.values()].filter((p) =>
      filters.every(([key, value]) => String((p as unknown as Json)[key]) === value));
    const sortKey = query.get("sort") ?? "date_created";
    const direction = query.get("criteria") === "desc" ? -1 : 1;
    const sortValue = (p: Payment): string => String((p as unknown as Json)[sortKey] ?? "");
    matches.sort((a, b) => direction * (sortValue(a).localeCompare(sortValue(b)) || a.id - b.id));
    const limit = Math.max(1, Number(query.get("limit")) || 30);
    const offset = Math.max(0, Number(query.get("offset")) || 0);
    return {
      status: 200,
      json: { paging: { total: matches.length, limit, offset }, results: matches.slice(offset, offset + limit) },
    };
  }

  private refund(payment: Payment, body: Json | undefined): Reply {
    if (!body) return apiError(400, "bad_request", "body must be a JSON object");
    if (payment.status !== "approved") {
      return apiError(400, "bad_request", `Payment ${payment.id} has status ${payment.status} and cannot be refunded`);
    }
    const remaining = round2(payment.transaction_amount - payment.transaction_amount_refunded);
    const amount = body.amount == null ? remaining : body.amount;
    if (typeof amount !== "number" || !(amount > 0) || round2(amount) > remaining) {
      return apiError(400, "bad_request", `Invalid refund amount, at most ${remaining} can be refunded`);
    }
    const now = this.now().toISOString();
    const refund: Refund = {
      id: this.ids.refund++, payment_id: payment.id, amount: round2(amount), amount_refunded_to_payer: round2(amount),
      status: "approved", date_created: now, refund_mode: "standard", adjustment_amount: 0, reason: null,
      unique_sequence_number: null, metadata: record(body.metadata),
      source: { id: String(COLLECTOR_ID), name: "Percha stand-in", type: "collector" },
    };
    payment.refunds.push(refund);
    payment.transaction_amount_refunded = round2(payment.transaction_amount_refunded + refund.amount);
    const full = payment.transaction_amount_refunded >= payment.transaction_amount;
    payment.status = full ? "refunded" : payment.status;
    payment.status_detail = full ? "refunded" : "partially_refunded";
    payment.date_last_updated = now;
    this.changed();
    void this.notify(payment, "payment.updated");
    return { status: 201, json: refund };
  }

  isExpired(p: Preference): boolean {
    return p.expiration_date_to !== null && this.now().getTime() > Date.parse(p.expiration_date_to);
  }

  createPayment(pref: Preference, status: PaymentStatus, opts: PayOptions): Payment {
    const now = this.now().toISOString();
    const amount = opts.amount ?? preferenceTotal(pref);
    const orderId = this.merchantOrders.get(pref.id) ?? this.ids.order++;
    this.merchantOrders.set(pref.id, orderId);
    const payment: Payment = {
      id: this.ids.payment++, status, status_detail: STATUS_DETAIL[status], transaction_amount: amount,
      transaction_amount_refunded: 0, currency_id: opts.currency ?? pref.items[0]?.currency_id ?? "ARS",
      external_reference: opts.externalReference ?? (pref.external_reference || null), preference_id: pref.id,
      description: pref.items[0]?.title ?? "", date_created: now, date_approved: status === "approved" ? now : null,
      date_last_updated: now, payment_type_id: "credit_card", payment_method_id: "visa", installments: 1,
      operation_type: "regular_payment", processing_mode: "aggregator", collector_id: COLLECTOR_ID, live_mode: false,
      captured: true, binary_mode: pref.binary_mode === true, order: { id: orderId, type: "mercadopago" },
      payer: { id: "1234567890", email: text(pref.payer.email) ?? "test_user_percha@testuser.com", type: "guest" },
      metadata: pref.metadata, notification_url: pref.notification_url,
      transaction_details: { total_paid_amount: amount, net_received_amount: amount, installment_amount: amount },
      additional_info: { items: pref.items }, refunds: [],
    };
    this.payments.set(payment.id, payment);
    this.changed();
    return payment;
  }

  /** Posts the signed webhook; failures are logged, never thrown, like a real provider that just retries later. */
  async notify(payment: Payment, action: "payment.created" | "payment.updated"): Promise<void> {
    const target = payment.notification_url;
    if (!target) return;
    const dataId = String(payment.id);
    const requestId = randomUUID();
    const ts = Math.floor(this.now().getTime() / 1000);
    const body = {
      action, api_version: "v1", data: { id: dataId }, date_created: this.now().toISOString(),
      id: this.ids.notification++, live_mode: false, type: "payment", user_id: String(COLLECTOR_ID),
    };
    this.changed();
    try {
      const url = new URL(target);
      url.searchParams.set("data.id", dataId);
      url.searchParams.set("type", "payment");
      const res = await fetch(url, {
        method: "POST", body: JSON.stringify(body),
        headers: {
          "content-type": "application/json", "x-request-id": requestId,
          "x-signature": signWebhook({ dataId, requestId, ts, secret: this.webhookSecret }),
        },
        signal: AbortSignal.any([AbortSignal.timeout(WEBHOOK_TIMEOUT_MS), this.closing.signal]),
      });
      await res.arrayBuffer();
      if (!res.ok) log(`webhook ${action} for payment ${dataId} answered ${res.status}`);
    } catch (err) {
      log(`webhook ${action} for payment ${dataId} to ${target} failed:`, err);
    }
  }

  async pay(preferenceId: string, status: PaymentStatus, opts: PayOptions): Promise<Payment> {
    const pref = this.preferences.get(preferenceId);
    if (!pref) throw new Error(`Unknown preference ${preferenceId}`);
    if (this.isExpired(pref)) throw new Error(`Preference ${preferenceId} has expired`);
    const payment = this.createPayment(pref, status, opts);
    if (opts.notify ?? true) await this.notify(payment, "payment.created");
    return payment;
  }

  private async checkout(method: string, url: URL, req: IncomingMessage): Promise<Reply> {
    const pref = this.preferences.get(url.searchParams.get("pref_id") ?? "");
    if (!pref) return { status: 404, html: renderMessagePage("Payment link not found", "This payment link does not exist.") };
    const expired = this.isExpired(pref);
    if (method === "GET") {
      const lines = pref.items.map((i) => ({ title: i.title, quantity: i.quantity, unitPrice: i.unit_price }));
      const currency = pref.items[0]?.currency_id ?? "ARS";
      return { status: 200, html: renderCheckoutPage({ preferenceId: pref.id, lines, total: preferenceTotal(pref), currency, expired }) };
    }
    if (method !== "POST") return { status: 405, html: renderMessagePage("Not allowed", `${method} is not supported.`) };
    if (expired) return { status: 410, html: renderMessagePage("Link expired", "This payment link has expired.") };
    const choice = new URLSearchParams(await readBody(req)).get("status");
    if (!isChoice(choice)) return { status: 400, html: renderMessagePage("Invalid choice", "Unknown payment outcome.") };
    const payment = this.createPayment(pref, choice, {});
    void this.notify(payment, "payment.created");
    const back = pref.back_urls[BACK_URL_KEY[choice]];
    if (!back || !URL.canParse(back)) {
      return { status: 200, html: renderResultPage({ paymentId: payment.id, status: payment.status,
        statusDetail: payment.status_detail, total: payment.transaction_amount, currency: payment.currency_id }) };
    }
    return { status: 303, location: backUrlWithResult(back, payment) };
  }

  private async control(method: string, path: string, req: IncomingMessage): Promise<Reply> {
    const route = `${method} ${path}`;
    if (route === "GET /__control/health") return { status: 200, json: { ok: true } };
    if (route === "GET /__control/payments") return { status: 200, json: [...this.payments.values()] };
    if (route === "GET /__control/preferences") return { status: 200, json: [...this.preferences.values()] };
    if (route === "POST /__control/reset") {
      this.reset();
      return { status: 200, json: { ok: true } };
    }
    const body = await readJson(req);
    if (!body) return apiError(400, "bad_request", "body must be a JSON object");
    if (route === "POST /__control/fail") {
      const mode: FaultMode = body.mode === "hang" ? "hang" : "error";
      this.failNext(Number(body.count ?? 1), mode);
      return { status: 200, json: { ok: true, count: this.faults.remaining, mode } };
    }
    if (route === "POST /__control/pay") return this.controlPay(body);
    return apiError(404, "not_found", `Unknown control route ${route}`);
  }

  private async controlPay(body: Json): Promise<Reply> {
    const id = text(body.preferenceId) ?? "";
    const pref = this.preferences.get(id);
    if (!pref) return notFound("Preference");
    if (!isPaymentStatus(body.status)) return apiError(400, "bad_request", "status must be approved, rejected, pending or in_process");
    if (this.isExpired(pref)) return apiError(410, "gone", "Preference has expired");
    const opts: PayOptions = {
      notify: body.notify !== false, amount: typeof body.amount === "number" ? body.amount : undefined,
      currency: text(body.currency), externalReference: text(body.externalReference),
    };
    return { status: 201, json: await this.pay(id, body.status, opts) };
  }
}

function backUrlWithResult(back: string, payment: Payment): string {
  const url = new URL(back);
  const params: Record<string, string> = {
    collection_id: String(payment.id), collection_status: payment.status, payment_id: String(payment.id),
    status: payment.status, external_reference: payment.external_reference ?? "null",
    payment_type: payment.payment_type_id, merchant_order_id: String(payment.order.id),
    preference_id: payment.preference_id, site_id: "MLA", processing_mode: "aggregator", merchant_account_id: "null",
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

export async function startMercadoPagoStandIn(opts: StandInOptions = {}): Promise<MercadoPagoStandIn> {
  let url = "";
  const standIn = new StandIn(
    opts.accessToken ?? STAND_IN_ACCESS_TOKEN, opts.webhookSecret ?? STAND_IN_WEBHOOK_SECRET,
    opts.now ?? (() => new Date()), () => (opts.publicUrl ?? url).replace(/\/+$/, ""), opts.stateFile,
  );
  const server = createServer((req, res) => {
    standIn.handle(req, res).catch((err: unknown) => {
      log(`error handling ${req.method} ${req.url}:`, err);
      if (!res.headersSent) send(res, apiError(500, "internal_server_error", "stand-in crashed"));
    });
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;
  const clone = <T>(items: Iterable<T>): T[] => structuredClone([...items]);
  return {
    url, accessToken: standIn.accessToken, webhookSecret: standIn.webhookSecret,
    failNext: (n, mode = "error") => standIn.failNext(n, mode),
    pay: async (id, status, payOpts = {}) => structuredClone(await standIn.pay(id, status, payOpts)),
    payments: () => clone(standIn.payments.values()),
    preferences: () => clone(standIn.preferences.values()),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        standIn.shutdown();
        server.close(() => resolve());
        // Hanging (failNext "hang") and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

async function main(): Promise<void> {
  const standIn = await startMercadoPagoStandIn({
    port: Number(process.env.PORT ?? 0), host: process.env.MP_STAND_IN_HOST, publicUrl: process.env.MP_STAND_IN_PUBLIC_URL,
  });
  console.log(standIn.url);
  const stop = (): void => void standIn.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
