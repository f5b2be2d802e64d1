import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { Client } from "pg";
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/mercadopago/webhook/route";
import { db } from "@/db/client";
import { cartItem, emailOutbox, order, payment, refund } from "@/db/schema";
import { signWebhook } from "@/e2e/stand-ins/mercadopago";
import { addToCart, getCart, updateLineQuantity } from "@/lib/cart";
import { setClockOffset } from "@/lib/clock";
import { DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "@/lib/env";
import { lockStock } from "@/lib/stock";
import { guest } from "@/test/factories";
import { until, waitsForStockLock } from "@/test/locks";
import { setShippingForTest } from "@/test/shipping";
import { runExpiryOnce } from "./expiry";
import { whenIdle } from "@/lib/jobs/kick";
import { finalizePayment } from "./finalize";
import { processDueRefunds } from "./refunds";
import { cartWith, confirmed, contact, refundsOf, snapshot, stockOf, startMercadoPagoForTests } from "./test-support";

const mercadoPago = startMercadoPagoForTests();
const originalQuery = Client.prototype.query;
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

/** Mercado Pago's view of one of its payments. */
function remote(id: number) {
  return mercadoPago().standIn.payments().find((p) => p.id === id);
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

    expect(result).toEqual({ outcome: "approved", orderId, userId: null, cartId: expect.any(Number) });
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

  it("locks the bought variant last: its guarded decrement is the transaction's last statement before commit (and prepares nothing by name)", async () => {
    const { variant, preferenceId } = await confirmedGuest(5, 2);
    const paid = await pay(preferenceId, "approved");
    // Every statement this process sends, per connection, while the payment is finalized.
    const sent = new Map<unknown, string[]>();
    const named: string[] = [];
    const query = vi.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
      const [first] = args;
      const config = typeof first === "string" ? { text: first } : (first as { text?: string; name?: string } | undefined);
      const text = config?.text ?? "";
      if (config?.name) named.push(config.name);
      sent.set(this, [...(sent.get(this) ?? []), text.replace(/\s+/g, " ").trim().toLowerCase()]);
      return originalQuery.apply(this, args as never);
    });
    try {
      expect((await finalizePayment(String(paid.id))).outcome).toBe("approved");
    } finally {
      query.mockRestore();
    }

    const transaction = [...sent.values()].find((statements) => statements.some((q) => q.includes('update "item_stock"')));
    expect(transaction, "the approval's transaction").toBeDefined();
    const statements = transaction ?? [];
    const touching = statements.flatMap((q, i) => (q.includes('"item_stock"') ? [i] : []));
    // The variant is touched once, by the decrement (ledger row in the same statement), and commit follows at once.
    expect(touching).toHaveLength(1);
    expect(statements.slice((touching[0] ?? 0) + 1)).toEqual(["commit"]);
    expect(statements.slice(0, touching[0]).some((q) => q.includes("email_outbox"))).toBe(true);
    // The order's lines are read once, for the email and the stock alike.
    expect(statements.slice(statements.lastIndexOf("begin")).filter((q) => q.includes('from "order_item"'))).toHaveLength(1);
    expect(await stockOf(variant.id)).toBe(3);
    // No named prepared statements: the pool works behind PgBouncer in transaction mode.
    expect(named).toEqual([]);
  });

  it("leaves a pending payment unpaid with its stock still held, and pays it when approval comes", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const pending = await pay(preferenceId, "in_process");

    expect(await finalizePayment(String(pending.id))).toMatchObject({ outcome: "pending", orderId, userId: null });
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

    expect(await finalizePayment(String(rejected.id))).toMatchObject({ outcome: "rejected", orderId, userId: null });
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
    ["a payment pending for a foreign reference", "pending", { externalReference: "order-123" }, "not_ours"],
  ])("changes nothing for %s", async (_case, kind, payOptions, outcome) => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const before = await snapshot(orderId, variant.id);
    const id = kind === "pending" ? String((await pay(preferenceId, "pending", payOptions)).id) : kind;

    expect(await finalizePayment(id)).toEqual({ outcome });
    expect(await snapshot(orderId, variant.id)).toEqual(before);
    expect(await db.select().from(refund).where(eq(refund.mercadoPagoPaymentId, id))).toEqual([]);
  });

  it.each([
    ["another external_reference", { externalReference: randomUUID() }, "not_ours", "unmatched"],
    ["a foreign reference", { externalReference: "order-123" }, "not_ours", "unmatched"],
    ["another amount", { amount: 1 }, "mismatch", "mismatch"],
    ["another currency", { currency: "USD" }, "mismatch", "mismatch"],
  ])("leaves the order as it was but records the refund of an approval for %s", async (_case, payOptions, outcome, reason) => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const before = await snapshot(orderId, variant.id);
    const approved = await pay(preferenceId, "approved", payOptions);

    expect(await finalizePayment(String(approved.id))).toMatchObject({ outcome });
    expect(await snapshot(orderId, variant.id)).toEqual(before);
    const [owed] = await db.select().from(refund).where(eq(refund.mercadoPagoPaymentId, String(approved.id)));
    expect(owed).toMatchObject({ reason, amountMinor: Math.round(approved.transaction_amount * 100), currency: approved.currency_id });

    await whenIdle();
    expect(remote(approved.id)?.status).toBe("refunded");
  });

  it("refuses a malformed id without asking Mercado Pago", async () => {
    expect(await finalizePayment("../v1/payments/1")).toEqual({ outcome: "not_ours" });
  });

  it("sells held units without waiting for a confirm's stock lock, and sells a lapsed hold's units only under it", async () => {
    const { owner: lapsedOwner, variant } = await cartWith(5, 2);
    const lapsed = await confirmed(lapsedOwner);
    setClockOffset(HOUR + 60_000);
    const heldOwner = guest();
    await addToCart(heldOwner, variant.id, 2);
    const held = await confirmed(heldOwner, contact({ email: "held@example.com" }));
    const [heldPayment, lapsedPayment] = [await pay(held.preferenceId, "approved"), await pay(lapsed.preferenceId, "approved")];

    // Another transaction holds the variant's stock lock, as a confirm does between its re-check and commit.
    const { lapsedSale, heldOutcome } = await db.transaction(async (tx) => {
      await lockStock(tx, [variant.id]);
      const timeout = new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 5_000));
      const heldOutcome = await Promise.race([finalizePayment(String(heldPayment.id)).then((r) => r.outcome), timeout]);
      let lapsedDone = false;
      const lapsedSale = finalizePayment(String(lapsedPayment.id)).finally(() => void (lapsedDone = true));
      await until(waitsForStockLock, 20_000);
      expect(lapsedDone).toBe(false);
      return { lapsedSale, heldOutcome };
    });

    expect(heldOutcome).toBe("approved");
    expect(await lapsedSale).toMatchObject({ outcome: "approved", orderId: lapsed.orderId });
    expect(await stockOf(variant.id)).toBe(1);
  });

  it("pays an approval that arrives after the link expired if the stock is still free", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const paid = await pay(preferenceId, "approved");
    setClockOffset(2 * HOUR);

    expect(await finalizePayment(String(paid.id))).toMatchObject({ outcome: "approved" });
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, stock: 3 });
  });

  it("refunds an approval whose expired hold's units were sold, retrying until Mercado Pago takes it, and tells the buyer", async () => {
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
      expect(await finalizePayment(String(latePayment.id))).toMatchObject({ outcome: "refund_pending", orderId: late.orderId });
      // Recorded before finalize returned, whatever Mercado Pago does with it.
      expect(await refundsOf(late.orderId)).toMatchObject([{ reason: "sold_out", mercadoPagoPaymentId: String(latePayment.id) }]);
      await whenIdle();
    } finally {
      refundsDown.mockRestore();
    }
    expect(await snapshot(late.orderId, late.variant.id)).toMatchObject({
      order: { status: "refund_pending", paidAt: null }, payments: [{ status: "approved" }], holds: 0, emails: 0, stock: 0,
    });
    const [failed] = await refundsOf(late.orderId);
    expect(failed).toMatchObject({ status: "pending", attempts: expect.any(Number), lastError: expect.stringContaining("fetch failed") });
    expect(failed?.attempts).toBeGreaterThanOrEqual(1);

    // Past the backoff, the retry goes through with the same idempotency key.
    setClockOffset(3 * HOUR);
    await processDueRefunds();
    expect(await refundsOf(late.orderId)).toMatchObject([{ status: "refunded", refundedAt: expect.any(Date) }]);
    expect(await snapshot(late.orderId, late.variant.id)).toMatchObject({ order: { status: "refunded" }, payments: [{ status: "refunded" }], stock: 0, emails: 1 });
    expect(remote(latePayment.id)?.status).toBe("refunded");
    const [told] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, late.orderId));
    expect(told).toMatchObject({ to: "ana@example.com", subject: `Your refund for Percha order #${late.orderId}` });
    expect(told?.text).toContain("An item sold out before your payment reached us");
    // A replay of the approval changes nothing more.
    expect(await finalizePayment(String(latePayment.id))).toMatchObject({ outcome: "refunded" });
    expect(remote(latePayment.id)?.refunds).toHaveLength(1);
  });

  it("refunds a second approved payment of the same link and keeps the order paid", async () => {
    const { variant, orderId, preferenceId } = await confirmedGuest(5, 2);
    const first = await pay(preferenceId, "approved");
    const second = await pay(preferenceId, "approved");
    await finalizePayment(String(first.id));

    expect(await finalizePayment(String(second.id))).toMatchObject({ outcome: "approved", orderId });
    expect(await refundsOf(orderId)).toMatchObject([{ reason: "duplicate", mercadoPagoPaymentId: String(second.id) }]);
    await whenIdle();
    expect(remote(second.id)?.status).toBe("refunded");
    expect(remote(first.id)?.status).toBe("approved");
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, payments: [{ status: "approved" }], emails: 2, stock: 3 });
  });

  it("refunds a late approval of an order its cart replaced, keeping the new order's hold", async () => {
    const { owner, variant, orderId: oldOrder, preferenceId: oldLink } = await confirmedGuest(5, 2);
    // Paid at Mercado Pago in another tab, while the shopper changed the cart and confirmed again.
    const late = await pay(oldLink, "approved");
    await updateLineQuantity(owner, variant.id, 3);
    const current = await confirmed(owner);

    expect(await finalizePayment(String(late.id))).toMatchObject({ outcome: "refund_pending", orderId: oldOrder });
    expect(await refundsOf(oldOrder)).toMatchObject([{ reason: "superseded", status: "pending" }]);
    expect(await snapshot(oldOrder, variant.id)).toMatchObject({ order: { status: "refund_pending" }, holds: 0, stock: 5 });
    expect(await snapshot(current.orderId, variant.id)).toMatchObject({ order: { status: "pending_payment" }, holds: 1 });

    await whenIdle();
    expect(remote(late.id)?.status).toBe("refunded");
    expect(await snapshot(oldOrder, variant.id)).toMatchObject({ order: { status: "refunded" }, emails: 1 });
  });

  it("pays a late approval of an expired order when stock is free, and that supersedes the cart's newer order", async () => {
    const { owner, variant, orderId: expired, preferenceId: expiredLink } = await confirmedGuest(5, 2);
    const late = await pay(expiredLink, "approved");
    setClockOffset(HOUR + 60_000);
    await runExpiryOnce();
    await addToCart(owner, variant.id, 1);
    const newer = await confirmed(owner, contact());

    expect(await finalizePayment(String(late.id))).toMatchObject({ outcome: "approved", orderId: expired });
    expect(await snapshot(expired, variant.id)).toMatchObject({ order: { status: "paid" }, stock: 3, emails: 1 });
    expect(await snapshot(newer.orderId, variant.id)).toMatchObject({ order: { status: "superseded" }, payments: [{ status: "superseded" }], holds: 0 });
    // What was bought left the cart; the extra unit stays.
    expect((await getCart(owner))?.lines.map((l) => l.quantity)).toEqual([1]);
  });
});

describe("finalizePayment with a shipping line", () => {
  /** A guest's confirmed order of 2 × $ 10.000 shipped to Neuquén at $ 7.654,32. */
  async function confirmedWithShipping() {
    const restore = await setShippingForTest({ rates: { patagonia: 765_432 }, freeOverMinor: null });
    try {
      const { variant, owner } = await cartWith(5, 2, undefined, 1_000_000);
      const result = await confirmed(owner, contact({ province: "Q", postalCode: "Q8300XAB", city: "Neuquén" }));
      return { variant, ...result };
    } finally {
      await restore();
    }
  }

  it("pays an approval of items plus shipping", async () => {
    const { variant, orderId, preferenceId, amountMinor } = await confirmedWithShipping();
    expect(amountMinor).toBe(2_765_432);
    const paid = await pay(preferenceId, "approved");
    expect(paid.transaction_amount).toBe(27_654.32);

    expect(await finalizePayment(String(paid.id))).toMatchObject({ outcome: "approved", orderId });
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" }, stock: 3 });
  });

  it("refuses, and refunds, an approval that paid the items but not the shipping", async () => {
    const { variant, orderId, preferenceId } = await confirmedWithShipping();
    const before = await snapshot(orderId, variant.id);
    const itemsOnly = await pay(preferenceId, "approved", { amount: 20_000 });

    expect(await finalizePayment(String(itemsOnly.id))).toMatchObject({ outcome: "mismatch", orderId });
    expect(await snapshot(orderId, variant.id)).toEqual(before);
    expect(await refundsOf(orderId)).toMatchObject([{ reason: "mismatch", amountMinor: 2_000_000, mercadoPagoPaymentId: String(itemsOnly.id) }]);
  });

  it("checks the amount against the order's snapshot, not only the payment row", async () => {
    const { variant, orderId, paymentId, preferenceId } = await confirmedWithShipping();
    // A payment row that lost the shipping (a bug, a bad hand edit) does not make an items-only payment acceptable.
    await db.update(payment).set({ amountMinor: 2_000_000 }).where(eq(payment.id, paymentId));
    const before = await snapshot(orderId, variant.id);
    const itemsOnly = await pay(preferenceId, "approved", { amount: 20_000 });

    expect(await finalizePayment(String(itemsOnly.id))).toMatchObject({ outcome: "mismatch" });
    expect(await snapshot(orderId, variant.id)).toEqual(before);
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

  it("answers 500 when the refund an approval needs cannot be written, so Mercado Pago asks again", async () => {
    const { preferenceId } = await confirmedGuest();
    const orphan = await pay(preferenceId, "approved", { externalReference: randomUUID() });
    const consoleError = vi.mocked(console.error);
    await db.execute(sql`alter table refund rename to refund_away`);
    try {
      expect((await POST(webhook(String(orphan.id)))).status).toBe(500);
    } finally {
      await db.execute(sql`alter table refund_away rename to refund`);
    }
    expect(consoleError.mock.calls.at(-1)?.[0]).toContain(`Payment notification ${orphan.id} could not be recorded`);
    consoleError.mockClear();

    expect((await POST(webhook(String(orphan.id)))).status).toBe(200);
    expect(await db.select().from(refund).where(eq(refund.mercadoPagoPaymentId, String(orphan.id)))).toMatchObject([{ reason: "unmatched" }]);
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
