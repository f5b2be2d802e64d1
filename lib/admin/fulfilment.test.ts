import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, emailOutbox, order, orderEvent, payment, refund, stockMovement } from "@/db/schema";
import { shippingRates } from "@/lib/delivery/shipping-settings";
import { whenIdle } from "@/lib/jobs/kick";
import { orderAccessToken } from "@/lib/order-access";
import { getOrderForViewer } from "@/lib/orders";
import { finalizePayment } from "@/lib/payments/finalize";
import { processDueRefunds } from "@/lib/payments/refunds";
import { cartWith, confirmed, startMercadoPagoForTests, stockOf } from "@/lib/payments/test-support";
import { ledgerDiscrepancies } from "@/lib/stock";
import { createOrder, createStaff } from "@/test/orders";
import { cancelOrder, markPacked, markShipped, shipmentSchema } from "./fulfilment";

const mercadoPago = startMercadoPagoForTests();

const eventsOf = async (orderId: number) =>
  (await db.select().from(orderEvent).where(eq(orderEvent.orderId, orderId)).orderBy(asc(orderEvent.id))).map((e) => e.kind);
const auditOf = async (orderId: number) =>
  (await db.select().from(auditLog).where(and(eq(auditLog.entityType, "order"), eq(auditLog.entityId, String(orderId))))).map((a) => a.action);

/** A real paid order: confirmed, approved at the stand-in and finalized. */
async function paidOrder(stock = 5, quantity = 2) {
  const { owner, variant } = await cartWith(stock, quantity);
  const link = await confirmed(owner);
  const approval = await mercadoPago().standIn.pay(link.preferenceId, "approved", { notify: false });
  const result = await finalizePayment(String(approval.id));
  if (result.outcome !== "approved") throw new Error(`not paid: ${result.outcome}`);
  await whenIdle();
  return { orderId: link.orderId, variant, mercadoPagoPaymentId: String(approval.id) };
}

const shipment = (orderId: number) => shipmentSchema.parse({ orderId: String(orderId), carrier: "Andreani", trackingNumber: "ab 1234-5678" });

describe("packing and shipping", () => {
  it("ships a packed order once: fulfilment, timeline, audit and one shipped email with the tracking link, however often it is clicked", async () => {
    const staff = await createStaff();
    const { id, token } = await createOrder();
    expect(await markPacked(id, staff)).toEqual({ ok: true, message: `Order #${id} is packed.` });
    expect(await markPacked(id, staff)).toMatchObject({ ok: false });

    const results = await Promise.all([markShipped(shipment(id), staff), markShipped(shipment(id), staff)]);
    await whenIdle();

    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    const [shipped] = await db.select().from(order).where(eq(order.id, id));
    expect(shipped).toMatchObject({ fulfilment: "shipped", carrier: "Andreani", trackingNumber: "AB1234-5678" });
    expect(await eventsOf(id)).toEqual(["packed", "shipped"]);
    expect(await auditOf(id)).toEqual(["mark packed", "mark shipped"]);
    const emails = await db.select().from(emailOutbox).where(and(eq(emailOutbox.orderId, id), eq(emailOutbox.kind, "shipped")));
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe(`Your Percha order #${id} has shipped`);
    expect(emails[0]?.text).toContain("Carrier: Andreani");
    expect(emails[0]?.text).toContain("Tracking number: AB1234-5678");
    expect(emails[0]?.text).toContain(`/orders/${id}?token=${token}`);
    expect(emails[0]?.html).toContain("AB1234-5678");

    // The buyer's order page says it shipped, with what and how to track it.
    expect(await getOrderForViewer(id, { token })).toMatchObject({ status: "shipped", shipment: { carrier: "Andreani", trackingNumber: "AB1234-5678" } });
  });

  it("refuses to ship an order that is not packed, and to pack one that is not paid", async () => {
    const staff = await createStaff();
    const unpacked = await createOrder();
    expect(await markShipped(shipment(unpacked.id), staff)).toEqual({ ok: false, message: `Mark order #${unpacked.id} packed before shipping it.` });
    const unpaid = await createOrder({ status: "pending_payment" });
    expect(await markPacked(unpaid.id, staff)).toEqual({ ok: false, message: "Only paid orders can be packed." });
    expect(await eventsOf(unpacked.id)).toEqual([]);
    expect(await eventsOf(unpaid.id)).toEqual([]);
  });

  it("validates the carrier and the tracking number", () => {
    const errors = shipmentSchema.safeParse({ orderId: "1", carrier: " ", trackingNumber: "ab#1" });
    expect(errors.success).toBe(false);
    expect(errors.error?.issues.map((i) => i.path.join("."))).toEqual(["carrier", "trackingNumber"]);
    expect(shipmentSchema.safeParse({ orderId: "99999999999", carrier: "OCA", trackingNumber: "123456" }).success).toBe(false);
  });
});

describe("cancelling a paid order", () => {
  it("cancels once, refunds once and returns the units once when two staff cancel at the same time", async () => {
    const [first, second] = [await createStaff(), await createStaff()];
    const { orderId, variant, mercadoPagoPaymentId } = await paidOrder(5, 2);
    expect(await stockOf(variant.id)).toBe(3);

    const results = await Promise.all([
      cancelOrder({ orderId, note: "Buyer asked" }, first),
      cancelOrder({ orderId }, second),
    ]);

    // The cancellation kicks the refund job after it commits; let that run finish.
    await whenIdle();
    await processDueRefunds();

    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.ok)?.message).toBe(`Order #${orderId} is already cancelled.`);
    expect(await stockOf(variant.id)).toBe(5);
    const movements = await db.select().from(stockMovement).where(eq(stockMovement.itemStockId, variant.id)).orderBy(asc(stockMovement.id));
    expect(movements.map((m) => [m.reason, m.delta, m.orderId])).toEqual([["count", 5, null], ["sale", -2, orderId], ["return", 2, orderId]]);
    expect(movements.at(-1)?.staffUserId).toBeOneOf([first.id, second.id]);
    expect(await ledgerDiscrepancies()).toEqual([]);
    expect(await db.select().from(refund).where(eq(refund.orderId, orderId))).toMatchObject([
      // Everything paid goes back, shipping included: the order never left.
      { reason: "cancelled", status: "refunded", mercadoPagoPaymentId, amountMinor: 3_700_000 + (await shippingRates()).rates.caba, attempts: 1 },
    ]);
    expect(await eventsOf(orderId)).toEqual(["confirmed", "link_created", "paid", "cancelled", "refund_owed", "refunded"]);
    expect(await auditOf(orderId)).toEqual(["cancel and refund"]);

    // Mercado Pago refunded it once; the order stays cancelled and its page says so, refunded.
    const atMercadoPago = mercadoPago().standIn.payments().find((p) => String(p.id) === mercadoPagoPaymentId);
    expect([atMercadoPago?.status, atMercadoPago?.refunds.length]).toEqual(["refunded", 1]);
    const [after] = await db.select({ status: order.status }).from(order).where(eq(order.id, orderId));
    expect(after?.status).toBe("cancelled");
    const [paid] = await db.select({ status: payment.status }).from(payment).where(eq(payment.orderId, orderId));
    expect(paid?.status).toBe("refunded");
    const view = await getOrderForViewer(orderId, { token: orderAccessToken(orderId) });
    expect(view).toMatchObject({ status: "cancelled", refunds: [{ reason: "cancelled", isDone: true }] });
  });

  it("refuses shipped, unpaid and refund-pending orders, and changes nothing", async () => {
    const staff = await createStaff();
    const shipped = await createOrder({ payment: { status: "approved" } });
    await db.update(order).set({ fulfilment: "shipped" }).where(eq(order.id, shipped.id));
    const unpaid = await createOrder({ status: "pending_payment" });
    const refunding = await createOrder({ status: "refund_pending" });

    expect(await cancelOrder({ orderId: shipped.id }, staff)).toEqual({ ok: false, message: `Order #${shipped.id} has shipped; it can no longer be cancelled.` });
    expect(await cancelOrder({ orderId: unpaid.id }, staff)).toEqual({ ok: false, message: "Only paid orders can be cancelled." });
    expect(await cancelOrder({ orderId: refunding.id }, staff)).toEqual({ ok: false, message: "Only paid orders can be cancelled." });
    expect(await cancelOrder({ orderId: 2_000_000_000 }, staff)).toEqual({ ok: false, message: "There is no such order." });
    for (const { id } of [shipped, unpaid, refunding]) {
      expect(await eventsOf(id)).toEqual([]);
      expect(await db.select().from(refund).where(eq(refund.orderId, id))).toEqual([]);
    }
  });
});
