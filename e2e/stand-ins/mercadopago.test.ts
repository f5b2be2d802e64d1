import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  InvalidWebhookSignatureError, MercadoPagoConfig, MPAuthenticationError, MPBadRequestError, MPConnectionError,
  MPServerError, Payment, PaymentRefund, Preference, SignatureFailureReason, WebhookSignatureValidator,
} from "mercadopago";
import type { Options } from "mercadopago/dist/types";
import type { PreferenceRequest } from "mercadopago/dist/clients/preference/commonTypes";
// Plain Node ESM cannot import the directory, hence the explicit index.js.
import { AppConfig } from "mercadopago/dist/utils/config/index.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  signWebhook, startMercadoPagoStandIn, STAND_IN_ACCESS_TOKEN, STAND_IN_WEBHOOK_SECRET,
} from "./mercadopago";
import type { MercadoPagoStandIn } from "./mercadopago";

type Hook = { url: URL; headers: IncomingHttpHeaders; body: Record<string, unknown> };

const ORIGINAL_BASE_URL = AppConfig.BASE_URL;
// The SDK types BASE_URL as readonly, but RestClient reads it on every call, so re-pointing works.
const pointSdkAt = (url: string): void => void Object.assign(AppConfig, { BASE_URL: url });

let mp: MercadoPagoStandIn;
let receiver: Server;
let receiverUrl: string;
const hooks: Hook[] = [];

// Fast retries keep the fault tests quick; the SDK merges these into every call.
const FAST: Options = { timeout: 2000, initialDelay: 5, maxDelay: 20 };
const sdk = (options: Options = FAST, accessToken = STAND_IN_ACCESS_TOKEN) => {
  const config = new MercadoPagoConfig({ accessToken, options: { ...options } });
  return { preference: new Preference(config), payment: new Payment(config), refund: new PaymentRefund(config) };
};

function preferenceBody(overrides: Partial<PreferenceRequest> = {}): PreferenceRequest {
  return {
    items: [
      { id: "remera-m", title: "Remera lisa", quantity: 2, unit_price: 1500.25, currency_id: "ARS" },
      { id: "gorra", title: "Gorra <negra>", quantity: 1, unit_price: 999, currency_id: "ARS" },
    ],
    payer: { email: "ana@example.com" },
    back_urls: { success: "http://shop.test/ok?x=1", failure: "http://shop.test/fail", pending: "http://shop.test/wait" },
    auto_return: "approved",
    external_reference: `order-${Math.random().toString(36).slice(2)}`,
    notification_url: `${receiverUrl}/api/webhooks/mercadopago?source=mp`,
    ...overrides,
  };
}

async function createPreference(overrides: Partial<PreferenceRequest> = {}) {
  const pref = await sdk().preference.create({ body: preferenceBody(overrides) });
  if (!pref.id) throw new Error("preference without id");
  return { ...pref, id: pref.id };
}

async function waitForHook(paymentId: number, action = "payment.created"): Promise<Hook> {
  for (let i = 0; i < 100; i++) {
    const hook = hooks.find((h) => h.url.searchParams.get("data.id") === String(paymentId) && h.body.action === action);
    if (hook) return hook;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${action} webhook for payment ${paymentId}`);
}

const control = (path: string, body?: unknown) =>
  fetch(`${mp.url}/__control/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });

beforeAll(async () => {
  mp = await startMercadoPagoStandIn();
  pointSdkAt(mp.url);
  receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      hooks.push({ url: new URL(req.url ?? "/", "http://receiver"), headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  pointSdkAt(ORIGINAL_BASE_URL);
  await mp.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => mp.failNext(0));

describe("preferences", () => {
  it("creates and reads back a preference through the real SDK", async () => {
    const body = preferenceBody({ expires: true, expiration_date_to: "2999-01-01T00:00:00.000-03:00" });
    const created = await sdk().preference.create({ body });
    expect(created.api_response.status).toBe(201);
    expect(created.id).toMatch(/^\d+-[0-9a-f-]{36}$/);
    expect(created.init_point).toBe(`${mp.url}/checkout/v1/redirect?pref_id=${created.id}`);
    expect(created.sandbox_init_point).toBe(created.init_point);
    expect(created).toMatchObject({
      items: body.items, payer: body.payer, back_urls: body.back_urls, auto_return: "approved",
      external_reference: body.external_reference, notification_url: body.notification_url, expires: true,
      expiration_date_to: body.expiration_date_to, collector_id: expect.any(Number), site_id: "MLA",
    });
    const fetched = await sdk().preference.get({ preferenceId: created.id ?? "" });
    expect(fetched.id).toBe(created.id);
    expect(fetched.items).toEqual(body.items);
  });

  it("accepts the path with and without the SDK's trailing slash", async () => {
    const res = await fetch(`${mp.url}/checkout/preferences`, {
      method: "POST", headers: { authorization: `Bearer ${mp.accessToken}` }, body: JSON.stringify(preferenceBody()),
    });
    expect(res.status).toBe(201);
  });

  it("replays the same preference for a repeated X-Idempotency-Key", async () => {
    const client = sdk();
    const body = preferenceBody();
    const first = await client.preference.create({ body, requestOptions: { idempotencyKey: "pref-key-1" } });
    const second = await client.preference.create({ body, requestOptions: { idempotencyKey: "pref-key-1" } });
    expect(second.id).toBe(first.id);
    // SDK quirk: requestOptions are merged into the shared config, so the key sticks to later calls too.
    const third = await client.preference.create({ body });
    expect(third.id).toBe(first.id);
    expect((await sdk().preference.create({ body })).id).not.toBe(first.id);
  });

  it.each([
    ["unit_price 0", { unit_price: 0 }, "invalid_unit_price"],
    ["quantity 1.5", { quantity: 1.5 }, "invalid_quantity"],
    ["missing currency", { currency_id: undefined }, "invalid_currency_id"],
  ])("rejects %s with a Mercado Pago style 400", async (_label, patch, code) => {
    const item = { id: "x", title: "X", quantity: 1, unit_price: 10, currency_id: "ARS", ...patch };
    const err: unknown = await sdk().preference.create({ body: preferenceBody({ items: [item] }) }).catch((e) => e);
    expect(err).toBeInstanceOf(MPBadRequestError);
    expect(err).toMatchObject({ status: 400, error: "bad_request", causes: [expect.objectContaining({ code })] });
  });

  it("rejects a preference without items", async () => {
    const res = await fetch(`${mp.url}/checkout/preferences/`, {
      method: "POST", headers: { authorization: `Bearer ${mp.accessToken}` }, body: JSON.stringify({ items: [] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: "items needed", error: "bad_request", status: 400 });
  });

  it("answers 401 without the right access token", async () => {
    const err: unknown = await sdk(FAST, "TEST-wrong").preference.create({ body: preferenceBody() }).catch((e) => e);
    expect(err).toBeInstanceOf(MPAuthenticationError);
    expect(err).toMatchObject({ status: 401, error: "unauthorized" });
    const res = await fetch(`${mp.url}/v1/payments/search`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      message: "must provide your access_token to proceed", error: "unauthorized", status: 401, cause: [],
    });
  });
});

describe("payments, webhooks and refunds", () => {
  it("pays a preference; the payment is readable and searchable by external_reference", async () => {
    const pref = await createPreference();
    await createPreference(); // another order that must not show up in the search
    const paid = await mp.pay(pref.id, "approved", { notify: false });
    const payment = await sdk().payment.get({ id: paid.id });
    expect(payment).toMatchObject({
      id: paid.id, status: "approved", status_detail: "accredited", transaction_amount: 3999.5, currency_id: "ARS",
      external_reference: pref.external_reference, payment_type_id: "credit_card", payment_method_id: "visa",
      order: { id: expect.any(Number), type: "mercadopago" }, payer: { email: "ana@example.com" },
      transaction_details: { total_paid_amount: 3999.5 }, live_mode: false, date_approved: expect.any(String),
    });
    const found = await sdk().payment.search({ options: { external_reference: pref.external_reference ?? "", sort: "date_created", criteria: "desc" } });
    expect(found.paging).toEqual({ total: 1, limit: 30, offset: 0 });
    expect(found.results?.map((p) => p.id)).toEqual([paid.id]);
    const rejected = await mp.pay(pref.id, "rejected", { notify: false });
    expect(rejected).toMatchObject({ status: "rejected", status_detail: "cc_rejected_other_reason", date_approved: null });
    expect(rejected.id).toBeGreaterThan(paid.id);
    expect(rejected.order.id).toBe(paid.order.id);
  });

  it("answers 404 for an unknown payment", async () => {
    await expect(sdk().payment.get({ id: 42 })).rejects.toMatchObject({ status: 404, error: "not_found" });
  });

  it("posts a signed webhook that verifies by hand and with the SDK validator", async () => {
    const pref = await createPreference();
    const paid = await mp.pay(pref.id, "approved");
    const hook = await waitForHook(paid.id);
    expect(hook.url.pathname).toBe("/api/webhooks/mercadopago");
    expect(Object.fromEntries(hook.url.searchParams)).toEqual({ source: "mp", "data.id": String(paid.id), type: "payment" });
    expect(hook.headers["content-type"]).toBe("application/json");
    expect(hook.body).toMatchObject({
      action: "payment.created", api_version: "v1", data: { id: String(paid.id) }, live_mode: false, type: "payment",
    });
    const requestId = String(hook.headers["x-request-id"]);
    const signature = String(hook.headers["x-signature"]);
    const [, ts, v1] = /^ts=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    const manifest = `id:${paid.id};request-id:${requestId};ts:${ts};`;
    expect(v1).toBe(createHmac("sha256", STAND_IN_WEBHOOK_SECRET).update(manifest).digest("hex"));
    expect(signWebhook({ dataId: String(paid.id), requestId, ts: ts ?? "", secret: mp.webhookSecret })).toBe(signature);

    const options = { xSignature: signature, xRequestId: requestId, dataId: hook.url.searchParams.get("data.id") };
    expect(() => WebhookSignatureValidator.validate({ ...options, secret: mp.webhookSecret, toleranceSeconds: 300 })).not.toThrow();
    const forged = (() => {
      try { WebhookSignatureValidator.validate({ ...options, secret: "not-the-secret" }); } catch (e) { return e; }
    })();
    expect(forged).toBeInstanceOf(InvalidWebhookSignatureError);
    expect(forged).toMatchObject({ reason: SignatureFailureReason.SignatureMismatch });
  });

  it("refunds an approved payment in full and refuses a second refund", async () => {
    const pref = await createPreference();
    const paid = await mp.pay(pref.id, "approved", { notify: false });
    const refund = await sdk().refund.create({ payment_id: paid.id, body: {} });
    expect(refund).toMatchObject({ payment_id: paid.id, amount: 3999.5, status: "approved", id: expect.any(Number) });
    expect(await sdk().payment.get({ id: paid.id })).toMatchObject({ status: "refunded", status_detail: "refunded" });
    expect((await sdk().refund.list({ payment_id: paid.id })).map((r) => r.id)).toEqual([refund.id]);
    await waitForHook(paid.id, "payment.updated");
    await expect(sdk().refund.total({ payment_id: paid.id })).rejects.toBeInstanceOf(MPBadRequestError);
  });

  it("refunds idempotently and refuses refunds of non-approved payments", async () => {
    const pref = await createPreference();
    const paid = await mp.pay(pref.id, "approved", { notify: false });
    const client = sdk({ ...FAST, idempotencyKey: "refund-key-1" });
    const first = await client.refund.create({ payment_id: paid.id, body: { amount: 100 } });
    const again = await client.refund.create({ payment_id: paid.id, body: { amount: 100 } });
    expect(again.id).toBe(first.id);
    expect(await sdk().payment.get({ id: paid.id })).toMatchObject({
      status: "approved", status_detail: "partially_refunded", transaction_amount_refunded: 100,
    });
    const pending = await mp.pay(pref.id, "pending", { notify: false });
    expect(pending.status_detail).toBe("pending_contingency");
    await expect(sdk().refund.total({ payment_id: pending.id })).rejects.toMatchObject({ status: 400 });
  });
});

describe("hosted checkout page", () => {
  it("shows the items and total, then pays and redirects like Mercado Pago", async () => {
    const pref = await createPreference();
    const page = await fetch(pref.init_point ?? "");
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Mercado Pago (stand-in)");
    expect(html).toContain("Remera lisa");
    expect(html).toContain("Gorra &#60;negra&#62;");
    expect(html).toMatch(/\$\s1\.500,25/);
    expect(html).toMatch(/\$\s3\.999,50/);
    for (const label of ["Approve payment", "Reject payment", "Leave pending"]) expect(html).toContain(label);

    const res = await fetch(pref.init_point ?? "", { method: "POST", body: new URLSearchParams({ status: "approved" }), redirect: "manual" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe("http://shop.test/ok");
    const paymentId = Number(location.searchParams.get("payment_id"));
    expect(Object.fromEntries(location.searchParams)).toEqual({
      x: "1", collection_id: String(paymentId), collection_status: "approved", payment_id: String(paymentId),
      status: "approved", external_reference: pref.external_reference, payment_type: "credit_card",
      merchant_order_id: expect.stringMatching(/^\d+$/), preference_id: pref.id, site_id: "MLA",
      processing_mode: "aggregator", merchant_account_id: "null",
    });
    await waitForHook(paymentId);
    expect(mp.payments().find((p) => p.id === paymentId)?.status).toBe("approved");
  });

  it("redirects rejections and pendings to their back_urls", async () => {
    const pref = await createPreference();
    for (const [status, target] of [["rejected", "http://shop.test/fail"], ["pending", "http://shop.test/wait"]]) {
      const res = await fetch(pref.init_point ?? "", { method: "POST", body: new URLSearchParams({ status: status ?? "" }), redirect: "manual" });
      expect(res.headers.get("location")).toMatch(new RegExp(`^${target}\\?.*collection_status=${status}`));
    }
  });

  it("shows a result page when there are no back_urls, and 404 for unknown links", async () => {
    const pref = await createPreference({ back_urls: undefined, notification_url: undefined });
    const res = await fetch(pref.init_point ?? "", { method: "POST", body: new URLSearchParams({ status: "approved" }), redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Payment approved");
    expect((await fetch(`${mp.url}/checkout/v1/redirect?pref_id=nope`)).status).toBe(404);
  });

  it("refuses expired links without creating a payment", async () => {
    let clock = new Date("2030-01-01T12:00:00Z");
    const standIn = await startMercadoPagoStandIn({ now: () => clock });
    try {
      pointSdkAt(standIn.url);
      const pref = await createPreference({ expires: true, expiration_date_to: "2030-01-01T13:00:00.000Z" });
      expect(await (await fetch(pref.init_point ?? "")).text()).toContain("Approve payment");
      clock = new Date("2030-01-01T13:00:01Z");
      const html = await (await fetch(pref.init_point ?? "")).text();
      expect(html).toContain("This payment link has expired");
      expect(html).not.toContain("Approve payment");
      const res = await fetch(pref.init_point ?? "", { method: "POST", body: new URLSearchParams({ status: "approved" }), redirect: "manual" });
      expect(res.status).toBe(410);
      await expect(standIn.pay(pref.id, "approved")).rejects.toThrow(/expired/);
      expect(standIn.payments()).toEqual([]);
    } finally {
      pointSdkAt(mp.url);
      await standIn.close();
    }
  });
});

describe("restarts", () => {
  it("with a state file, a restart on the same port keeps links, payments and idempotent replies", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "percha-stand-in-"));
    const stateFile = path.join(dir, "mercadopago.json");
    const first = await startMercadoPagoStandIn({ stateFile });
    try {
      pointSdkAt(first.url);
      const keyed = sdk({ ...FAST, idempotencyKey: "restart-key" });
      const pref = await keyed.preference.create({ body: preferenceBody() });
      const pending = await first.pay(pref.id ?? "", "pending", { notify: false });
      await first.close();

      const second = await startMercadoPagoStandIn({ port: Number(new URL(first.url).port), stateFile });
      try {
        expect(second.url).toBe(first.url);
        const link = await fetch(pref.init_point ?? "");
        expect(link.status).toBe(200);
        expect(await link.text()).toContain("Approve payment");
        const paid = await fetch(pref.init_point ?? "", { method: "POST", body: new URLSearchParams({ status: "approved" }), redirect: "manual" });
        expect(paid.status).toBe(303);
        const paymentId = Number(new URL(paid.headers.get("location") ?? "").searchParams.get("payment_id"));
        expect(paymentId).toBeGreaterThan(pending.id);
        expect(await sdk().payment.get({ id: paymentId })).toMatchObject({ status: "approved", external_reference: pref.external_reference });
        expect(await sdk().payment.get({ id: pending.id })).toMatchObject({ status: "pending" });
        expect((await keyed.preference.create({ body: preferenceBody() })).id).toBe(pref.id);
        await waitForHook(paymentId);
      } finally {
        await second.close();
      }
    } finally {
      pointSdkAt(mp.url);
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a state file it did not write, naming it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "percha-stand-in-"));
    const stateFile = path.join(dir, "mercadopago.json");
    try {
      writeFileSync(stateFile, JSON.stringify({ preferences: "nope" }));
      await expect(startMercadoPagoStandIn({ stateFile })).rejects.toThrow(`${stateFile} is not a Mercado Pago stand-in state file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("faults", () => {
  it("failNext(1): with default options the SDK waits ~1 s, retries the 500 and succeeds", async () => {
    const retries: number[] = [];
    mp.failNext(1);
    const started = Date.now();
    const pref = await sdk({ onRetry: (attempt) => retries.push(attempt) }).preference.create({ body: preferenceBody() });
    expect(pref.id).toBeTruthy();
    expect(retries).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("failNext(5): more failures than the SDK's 3 retries surface as MPServerError", async () => {
    mp.failNext(5);
    const err: unknown = await sdk().preference.create({ body: preferenceBody() }).catch((e) => e);
    expect(err).toBeInstanceOf(MPServerError);
    expect(err).toMatchObject({ status: 500 });
    // 4 attempts were used; one fault is left for the next call.
    expect((await fetch(`${mp.url}/v1/payments/search`, { headers: { authorization: `Bearer ${mp.accessToken}` } })).status).toBe(500);
    expect((await fetch(`${mp.url}/v1/payments/search`, { headers: { authorization: `Bearer ${mp.accessToken}` } })).status).toBe(200);
  });

  it("hang mode: a client timeout fires, and the SDK's per-attempt timeout retries past it", async () => {
    mp.failNext(1, "hang");
    const hung = fetch(`${mp.url}/v1/payments/search`, {
      headers: { authorization: `Bearer ${mp.accessToken}` }, signal: AbortSignal.timeout(150),
    });
    await expect(hung).rejects.toMatchObject({ name: "TimeoutError" });

    mp.failNext(1, "hang");
    const pref = await sdk({ ...FAST, timeout: 150 }).preference.create({ body: preferenceBody() });
    expect(pref.id).toBeTruthy();

    mp.failNext(4, "hang");
    const err: unknown = await sdk({ ...FAST, timeout: 100 }).preference.create({ body: preferenceBody() }).catch((e) => e);
    expect(err).toBeInstanceOf(MPConnectionError);
  });

  it("close() ends hanging requests promptly", async () => {
    const standIn = await startMercadoPagoStandIn();
    standIn.failNext(1, "hang");
    const hung = fetch(`${standIn.url}/v1/payments/search`).then(() => "answered", () => "aborted");
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await standIn.close();
    expect(await hung).toBe("aborted");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("control API", () => {
  it("drives faults, payments and reset over HTTP", async () => {
    const pref = await createPreference();
    const paid = await (await control("pay", { preferenceId: pref.id, status: "in_process" })).json();
    expect(paid).toMatchObject({ status: "in_process", status_detail: "pending_review_manual", preference_id: pref.id });
    await waitForHook(paid.id);
    expect((await control("pay", { preferenceId: "missing", status: "approved" })).status).toBe(404);
    expect((await (await control("payments")).json()).map((p: { id: number }) => p.id)).toContain(paid.id);
    expect((await (await control("preferences")).json()).map((p: { id: string }) => p.id)).toContain(pref.id);

    expect(await (await control("fail", { count: 1, mode: "error" })).json()).toEqual({ ok: true, count: 1, mode: "error" });
    const failed = await fetch(`${mp.url}/checkout/preferences/${pref.id}`, { headers: { authorization: `Bearer ${mp.accessToken}` } });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: "internal_server_error", status: 500, cause: [] });

    expect((await control("reset", {})).status).toBe(200);
    expect(mp.preferences()).toEqual([]);
    expect(mp.payments()).toEqual([]);
  });

  it("starts from the command line and prints its URL", async () => {
    const script = fileURLToPath(new URL("./mercadopago.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const url = await new Promise<string>((resolve) => lines.once("line", resolve));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/__control/health`)).json()).toEqual({ ok: true });
    } finally {
      child.kill("SIGTERM");
    }
  }, 20_000);
});
