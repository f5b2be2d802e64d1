import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/mercadopago/return/route";
import { POST } from "@/app/api/mercadopago/webhook/route";
import { db } from "@/db/client";
import { cartItem, emailOutbox, order, payment } from "@/db/schema";
import { signWebhook } from "@/e2e/stand-ins/mercadopago";
import { addToCart, getCart } from "@/lib/cart";
import { setClockOffset } from "@/lib/clock";
import { DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "@/lib/env";
import { orderPath } from "@/lib/order-access";
import { guest } from "@/test/factories";
import { finalizePayment, retryPendingRefunds } from "./finalize";
import { cartWith, confirmed, signedInUser, snapshot, stockOf, startMercadoPagoForTests } from "./test-support";

const mercadoPago = startMercadoPagoForTests();
const HOUR = 60 * 60 * 1000;

/** A guest who confirmed 2 of 5 units: the order, its payment link and the variant. */
async function confirmedGuest(stock = 5, quantity = 2) {
  const { owner, variant } = await cartWith(stock, quantity);
  const result = await confirmed(owner);
  return { owner, variant, ...result };
}

function pay(preferenceId: string, status: "approved" | "rejected" | "pending" | "in_process", opts = {}) {
  return mercadoPago().standIn.pay(preferenceId, status, { notify: false, ...opts });
}

function returnRequest(query: Record<string, string>): Request {
  return new Request(`http://localhost:3000/api/mercadopago/return?${new URLSearchParams(query)}`);
}

function webhook(dataId: string, opts: { ts?: number; secret?: string; signature?: string | null; type?: string } = {}): Request {
  const requestId = randomUUID();
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const signature = opts.signature === undefined
    ? signWebhook({ dataId, requestId, ts, secret: opts.secret ?? DEMO_MERCADOPAGO_WEBHOOK_SECRET })
    : opts.signature;
  const headers = new Headers({ "content-type": "application/json", "x-request-id": requestId });
  if (signature !== null) headers.set("x-signature", signature);
  const type = opts.type ?? "payment";
  return new Request(`http://localhost:3000/api/mercadopago/webhook?data.id=${dataId}&type=${type}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ action: "payment.created", type, data: { id: dataId } }),
  });
}

describe("finalizePayment", () => {
  it("marks an approved payment paid, takes the stock, empties the bought lines and queues one email", async () => {
    const { owner, variant, orderId, paymentId, preferenceId } = await confirmedGuest(5, 2);
    // The shopper added one more after confirming: only what was bought leaves the cart.
    await addToCart(owner, variant.id, 1);
    const paid = await pay(preferenceId, "approved");

    const result = await finalizePayment(String(paid.id));

    expect(result).toEqual({ outcome: "approved", orderId, userId: null });
    const after = await snapshot(orderId, variant.id);
    expect(after).toMatchObject({ order: { status: "paid", paidAt: expect.any(Date) }, holds: 0, emails: 1, stock: 3 });
    expect(after.payments).toEqual([{ status: "approved", approvedAt: expect.any(Date), mercadoPagoPaymentId: String(paid.id) }]);
    expect((await getCart(owner))?.lines.map((l) => l.quantity)).toEqual([1]);
    const [email] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
    expect(email).toMatchObject({ kind: "purchase", to: "ana@example.com" });
    const [row] = await db.select({ id: payment.id }).from(payment).where(eq(payment.orderId, orderId));
    expect(row?.id).toBe(paymentId);
  });

  it("takes the stock once and writes one email when twenty finalizations race", async () => {
    const { owner, variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const paid = await pay(preferenceId, "approved");

    const results = await Promise.all(Array.from({ length: 20 }, () => finalizePayment(String(paid.id))));

    expect(results.every((r) => r.outcome === "approved")).toBe(true);
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, emails: 1, stock: 3, holds: 0 });
    expect(await db.select().from(cartItem).where(eq(cartItem.itemStockId, variant.id))).toEqual([]);
    expect(await getCart(owner)).toMatchObject({ lines: [] });
  });

  it("leaves a pending payment unpaid with its stock still held, and pays it when approval comes", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const pending = await pay(preferenceId, "in_process");

    expect(await finalizePayment(String(pending.id))).toEqual({ outcome: "pending", orderId, userId: null });
    expect(await snapshot(orderId, variant.id)).toMatchObject({
      order: { status: "pending_payment", paidAt: null }, payments: [{ status: "pending", approvedAt: null }], holds: 1, emails: 0, stock: 5,
    });

    const approved = await pay(preferenceId, "approved");
    expect(await finalizePayment(String(approved.id))).toMatchObject({ outcome: "approved" });
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, stock: 3 });
  });

  it("releases the holds of a rejected payment and keeps the order unpaid", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const rejected = await pay(preferenceId, "rejected");

    expect(await finalizePayment(String(rejected.id))).toEqual({ outcome: "rejected", orderId, userId: null });
    expect(await snapshot(orderId, variant.id)).toMatchObject({
      order: { status: "pending_payment", paidAt: null }, payments: [{ status: "rejected", approvedAt: null }], holds: 0, emails: 0, stock: 5,
    });
  });

  it("never downgrades a paid order when an earlier attempt's rejection arrives late", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const rejected = await pay(preferenceId, "rejected");
    const approved = await pay(preferenceId, "approved");
    await finalizePayment(String(approved.id));

    expect(await finalizePayment(String(rejected.id))).toMatchObject({ outcome: "approved" });
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, payments: [{ status: "approved" }], stock: 3 });
  });

  it("keeps the holds of an attempt still in process when an earlier attempt's rejection arrives", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const rejected = await pay(preferenceId, "rejected");
    const inProcess = await pay(preferenceId, "in_process");
    await finalizePayment(String(inProcess.id));

    expect(await finalizePayment(String(rejected.id))).toMatchObject({ outcome: "pending" });
    expect(await snapshot(orderId, variant.id)).toMatchObject({ payments: [{ status: "pending" }], holds: 1 });
  });

  it.each([
    ["an id Mercado Pago does not know", "99999999999", {}, "not_ours"],
    ["a payment for another external_reference", null, { externalReference: randomUUID() }, "not_ours"],
    ["a payment for a foreign reference", null, { externalReference: "order-123" }, "not_ours"],
    ["a payment of another amount", null, { amount: 1 }, "mismatch"],
    ["a payment in another currency", null, { currency: "USD" }, "mismatch"],
  ])("changes nothing for %s", async (_case, fixedId, payOptions, outcome) => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const before = await snapshot(orderId, variant.id);
    const id = fixedId ?? String((await pay(preferenceId, "approved", payOptions)).id);

    expect(await finalizePayment(id)).toEqual({ outcome });
    expect(await snapshot(orderId, variant.id)).toEqual(before);
  });

  it("refunds an approved payment whose order was deleted to keep five unfinished", async () => {
    const { preferenceId } = await confirmedGuest(5, 1);
    const orphan = await pay(preferenceId, "approved", { externalReference: randomUUID() });

    expect(await finalizePayment(String(orphan.id))).toEqual({ outcome: "not_ours" });
    expect(mercadoPago().standIn.payments().find((p) => p.id === orphan.id)?.status).toBe("refunded");
  });

  it("refuses a malformed id without asking Mercado Pago", async () => {
    expect(await finalizePayment("../v1/payments/1")).toEqual({ outcome: "not_ours" });
  });

  it("pays an approval that arrives after the link expired if the stock is still free", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const paid = await pay(preferenceId, "approved");
    setClockOffset(2 * HOUR);

    expect(await finalizePayment(String(paid.id))).toMatchObject({ outcome: "approved" });
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, stock: 3 });
  });

  it("refunds an approval whose expired hold's units were sold, and retries a refund Mercado Pago missed", async () => {
    const late = await confirmedGuest(1, 1);
    setClockOffset(HOUR + 60_000);
    // The late shopper's hold has expired; someone else confirms and buys the unit.
    const buyerOwner = guest();
    await addToCart(buyerOwner, late.variant.id, 1);
    const buyer = await confirmed(buyerOwner);
    await finalizePayment(String((await pay(buyer.preferenceId, "approved")).id));
    expect(await stockOf(late.variant.id)).toBe(0);

    const latePayment = await pay(late.preferenceId, "approved");
    const realFetch = globalThis.fetch;
    const refundsDown = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
      String(input instanceof Request ? input.url : input).includes("/refunds")
        ? Promise.reject(new TypeError("fetch failed"))
        : realFetch(input, init));
    try {
      expect(await finalizePayment(String(latePayment.id))).toEqual({ outcome: "refund_pending", orderId: late.orderId, userId: null });
    } finally {
      refundsDown.mockRestore();
    }
    expect(await snapshot(late.orderId, late.variant.id)).toMatchObject({
      order: { status: "refund_pending", paidAt: null }, payments: [{ status: "approved" }], holds: 0, emails: 0, stock: 0,
    });

    expect(await retryPendingRefunds()).toBeGreaterThanOrEqual(1);
    expect(await snapshot(late.orderId, late.variant.id)).toMatchObject({ order: { status: "refunded" }, payments: [{ status: "refunded" }], stock: 0 });
    expect(mercadoPago().standIn.payments().find((p) => p.id === latePayment.id)?.status).toBe("refunded");
    // A replay of the approval changes nothing more.
    expect(await finalizePayment(String(latePayment.id))).toMatchObject({ outcome: "refunded" });
    expect(mercadoPago().standIn.payments().find((p) => p.id === latePayment.id)?.refunds).toHaveLength(1);
  });

  it("refunds a second approved payment of the same link and keeps the order paid", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const first = await pay(preferenceId, "approved");
    const second = await pay(preferenceId, "approved");
    await finalizePayment(String(first.id));

    expect(await finalizePayment(String(second.id))).toMatchObject({ outcome: "approved", orderId });
    const payments = mercadoPago().standIn.payments();
    expect(payments.find((p) => p.id === second.id)?.status).toBe("refunded");
    expect(payments.find((p) => p.id === first.id)?.status).toBe("approved");
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, emails: 1, stock: 3 });
  });
});

describe("GET /api/mercadopago/return", () => {
  it("sends an approved guest to their order page with its token", async () => {
    const { orderId, preferenceId, paymentId } = await confirmedGuest();
    const paid = await pay(preferenceId, "approved");

    const response = await GET(returnRequest({ payment_id: String(paid.id), status: "approved", external_reference: paymentId }));

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(orderPath(orderId, true));
  });

  it("sends an approved signed-in shopper to their orders", async () => {
    const { owner, variant } = await cartWith(5, 1, await signedInUser());
    const { preferenceId, orderId } = await confirmed(owner);
    const paid = await pay(preferenceId, "approved");

    const response = await GET(returnRequest({ collection_id: String(paid.id), collection_status: "approved" }));

    expect(response.headers.get("location")).toBe("/orders");
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" } });
  });

  it("sends a rejected shopper back to checkout with the holds released", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest();
    const rejected = await pay(preferenceId, "rejected");

    const response = await GET(returnRequest({ payment_id: String(rejected.id), status: "rejected" }));

    expect(response.headers.get("location")).toBe("/checkout?payment=rejected");
    expect(await snapshot(orderId, variant.id)).toMatchObject({ holds: 0, order: { status: "pending_payment" } });
  });

  it("shows a pending payment's order page", async () => {
    const { orderId, preferenceId } = await confirmedGuest();
    const pending = await pay(preferenceId, "pending");

    const response = await GET(returnRequest({ payment_id: String(pending.id), status: "pending" }));

    expect(response.headers.get("location")).toBe(orderPath(orderId, true));
  });

  it("sends a shopper who left without paying back to checkout", async () => {
    const response = await GET(returnRequest({ payment_id: "null", status: "null", collection_status: "null" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/checkout");
  });

  it.each([
    ["a payment Mercado Pago reports as pending", "pending"],
    ["a payment id Mercado Pago does not know", "fake"],
  ])("believes nothing in a forged ?status=approved for %s", async (_case, kind) => {
    const { variant, orderId, preferenceId, paymentId } = await confirmedGuest();
    const id = kind === "fake" ? "12345678901" : String((await pay(preferenceId, "pending")).id);
    const before = await snapshot(orderId, variant.id);

    const response = await GET(returnRequest({
      status: "approved", collection_status: "approved", payment_id: id, collection_id: id, external_reference: paymentId,
    }));

    expect(response.status).toBe(303);
    const after = await snapshot(orderId, variant.id);
    expect(after.order?.status).toBe("pending_payment");
    expect(after.emails).toBe(0);
    expect(after.stock).toBe(5);
    if (kind === "fake") {
      expect(after).toEqual(before);
      expect(response.headers.get("location")).toBe("/checkout?payment=unverified");
    }
  });

  it("shows the order as still confirming when Mercado Pago is unreachable, and the webhook finishes it", async () => {
    const { variant, orderId, preferenceId, paymentId } = await confirmedGuest();
    const paid = await mercadoPago().standIn.pay(preferenceId, "approved");
    const before = await snapshot(orderId, variant.id);
    mercadoPago().standIn.failNext(2);

    const response = await GET(returnRequest({ payment_id: String(paid.id), status: "approved", external_reference: paymentId }));

    expect(response.headers.get("location")).toBe(`${orderPath(orderId, true)}&notice=confirming`);
    expect(await snapshot(orderId, variant.id)).toEqual(before);

    // The stand-in's real signed notification, delivered now that Mercado Pago answers again.
    const hook = mercadoPago().hooks.find((h) => h.url.searchParams.get("data.id") === String(paid.id));
    if (!hook) throw new Error("no webhook was sent");
    const delivered = await POST(new Request(`http://localhost:3000${hook.url.pathname}${hook.url.search}`, {
      method: "POST",
      headers: { "x-signature": String(hook.headers["x-signature"]), "x-request-id": String(hook.headers["x-request-id"]) },
      body: hook.body,
    }));
    expect(delivered.status).toBe(200);
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, stock: 3, emails: 1 });
  });
});

describe("POST /api/mercadopago/webhook", () => {
  it.each([
    ["a bad signature", { secret: "not-the-secret" }],
    ["no signature", { signature: null }],
    ["a stale timestamp", { ts: Math.floor(Date.now() / 1000) - 600 }],
  ])("answers 401 to %s and changes nothing", async (_case, opts) => {
    const { variant, orderId, preferenceId } = await confirmedGuest();
    const paid = await pay(preferenceId, "approved");
    const before = await snapshot(orderId, variant.id);

    const response = await POST(webhook(String(paid.id), opts));

    expect(response.status).toBe(401);
    expect(await snapshot(orderId, variant.id)).toEqual(before);
  });

  it("finalizes on a valid notification, and replays change nothing", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest();
    const paid = await pay(preferenceId, "approved");

    const first = await POST(webhook(String(paid.id)));
    expect(first.status).toBe(200);
    const after = await snapshot(orderId, variant.id);
    expect(after).toMatchObject({ order: { status: "paid" }, stock: 3, emails: 1 });

    const replays = await Promise.all([1, 2, 3].map(() => POST(webhook(String(paid.id)))));
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await snapshot(orderId, variant.id)).toEqual(after);
  });

  it("acknowledges other notification types without acting", async () => {
    const response = await POST(webhook("555", { type: "merchant_order" }));
    expect(response.status).toBe(200);
  });

  it("answers 500 while Mercado Pago is unreachable so it sends the notification again", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest();
    const paid = await pay(preferenceId, "approved");
    const before = await snapshot(orderId, variant.id);
    mercadoPago().standIn.failNext(2);

    expect(await finalizePayment(String(paid.id))).toEqual({ outcome: "unavailable" });
    expect(await snapshot(orderId, variant.id)).toEqual(before);
    mercadoPago().standIn.failNext(2);
    expect((await POST(webhook(String(paid.id)))).status).toBe(500);
    expect(await snapshot(orderId, variant.id)).toEqual(before);

    expect((await POST(webhook(String(paid.id)))).status).toBe(200);
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" } });
    const [row] = await db.select({ status: order.status }).from(order).where(eq(order.id, orderId));
    expect(row?.status).toBe("paid");
  });
});
