import { randomInt } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, order, orderEvent, refund, refundAttempt } from "@/db/schema";
import { whenIdle } from "@/lib/jobs/kick";
import { orderAccessToken } from "@/lib/order-access";
import { getOrderForViewer } from "@/lib/orders";
import { processDueRefunds, recordRefund } from "@/lib/payments/refunds";
import { cartWith, confirmed, startMercadoPagoForTests } from "@/lib/payments/test-support";
import { createOrder, createStaff } from "@/test/orders";
import { getMoneyItem, moneyQueue, resolveRefundByHand, retryRefundNow } from "./money";

const mercadoPago = startMercadoPagoForTests();

/** A real approved payment at the stand-in whose refund is owed for an order waiting on it. */
async function owedRefund() {
  const { owner } = await cartWith(5, 1);
  const link = await confirmed(owner);
  const paid = await mercadoPago().standIn.pay(link.preferenceId, "approved", { notify: false });
  const { id: orderId } = await createOrder({ status: "refund_pending" });
  const mercadoPagoPaymentId = String(paid.id);
  await recordRefund(db, { mercadoPagoPaymentId, reason: "sold_out", amountMinor: link.amountMinor, currency: "ARS", orderId });
  const [row] = await db.select().from(refund).where(eq(refund.mercadoPagoPaymentId, mercadoPagoPaymentId));
  if (!row) throw new Error("refund not recorded");
  return { refundId: row.id, orderId, mercadoPagoPaymentId };
}

const refundsAtMercadoPago = (mercadoPagoPaymentId: string) =>
  mercadoPago().standIn.payments().find((p) => String(p.id) === mercadoPagoPaymentId)?.refunds.length;

describe("the money queue", () => {
  it("lists refunds Mercado Pago has not accepted and payments that matched no order, whatever their status", async () => {
    const waiting = await owedRefund();
    const unmatchedId = String(9_000_000_000 + randomInt(1_000_000));
    await recordRefund(db, { mercadoPagoPaymentId: unmatchedId, reason: "unmatched", amountMinor: 500_000, currency: "ARS" });
    await db.update(refund).set({ status: "refunded" }).where(eq(refund.mercadoPagoPaymentId, unmatchedId));

    const queue = await moneyQueue();

    expect(queue.pending.map((r) => r.id)).toContain(waiting.refundId);
    expect(queue.pending.every((r) => r.status === "pending")).toBe(true);
    expect(queue.pendingCount).toBeGreaterThanOrEqual(1);
    expect(queue.unmatched.find((r) => r.mercadoPagoPaymentId === unmatchedId)).toMatchObject({ status: "refunded", orderId: null });
  });
});

describe("Retry now", () => {
  it("runs the refund through the job with the same idempotency key until Mercado Pago accepts it, once", async () => {
    const staff = await createStaff();
    const owed = await owedRefund();

    mercadoPago().standIn.failNext(2); // the call and the SDK's own retry
    expect(await retryRefundNow(owed.refundId, staff)).toMatchObject({ ok: false, message: expect.stringMatching(/^Mercado Pago refused it again: .*500/) });
    expect(await retryRefundNow(owed.refundId, staff)).toEqual({ ok: true, message: "Mercado Pago accepted the refund." });
    expect(await retryRefundNow(owed.refundId, staff)).toEqual({ ok: false, message: "Mercado Pago has already refunded this payment." });
    await whenIdle();

    expect(refundsAtMercadoPago(owed.mercadoPagoPaymentId)).toBe(1);
    const item = await getMoneyItem(owed.refundId);
    expect(item?.refund).toMatchObject({ status: "refunded", attempts: 2, lastError: null });
    expect(item?.attempts.map((a) => a.isOk)).toEqual([false, true]);
    expect(item?.order).toMatchObject({ id: owed.orderId, status: "refunded" });
    expect(item?.audit.map((a) => [a.action, a.staffEmail])).toEqual([["retry now", staff.email], ["retry now", staff.email]]);
  });
});

describe("Resolved by hand", () => {
  it("takes the refund out of the queue for good, with who, when and the note, on the refund and the order's timeline", async () => {
    const staff = await createStaff();
    const owed = await owedRefund();
    const note = "Refunded from the Mercado Pago dashboard";

    expect(await resolveRefundByHand({ refundId: owed.refundId, note }, staff)).toEqual({ ok: true, message: "Marked resolved by hand; it will not be retried." });
    expect(await resolveRefundByHand({ refundId: owed.refundId, note }, staff)).toMatchObject({ ok: false });

    // Neither the job nor "Retry now" asks Mercado Pago again.
    await processDueRefunds();
    expect(await retryRefundNow(owed.refundId, staff)).toEqual({ ok: false, message: "This refund was already resolved by hand." });
    expect(refundsAtMercadoPago(owed.mercadoPagoPaymentId)).toBe(0);
    expect(await db.select().from(refundAttempt).where(eq(refundAttempt.refundId, owed.refundId))).toEqual([]);

    const [resolved] = await db.select().from(refund).where(eq(refund.id, owed.refundId));
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: staff.id, resolvedAt: expect.any(Date), resolutionNote: note });
    expect((await moneyQueue()).pending.map((r) => r.id)).not.toContain(owed.refundId);
    const [owning] = await db.select({ status: order.status }).from(order).where(eq(order.id, owed.orderId));
    expect(owning?.status).toBe("refunded");
    expect(await getOrderForViewer(owed.orderId, { token: orderAccessToken(owed.orderId) })).toMatchObject({
      status: "refunded", refunds: [{ reason: "sold_out", isDone: true, refundedAt: expect.any(Date) }],
    });
    const events = await db.select().from(orderEvent).where(eq(orderEvent.orderId, owed.orderId)).orderBy(asc(orderEvent.id));
    expect(events.map((e) => [e.kind, e.detail, e.staffUserId])).toEqual([["refund_owed", "sold_out", null], ["refund_resolved", note, staff.id]]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "refund"), eq(auditLog.entityId, owed.refundId)));
    expect(audit).toMatchObject([{ action: "resolve by hand", staffEmail: staff.email, after: { status: "resolved", resolutionNote: note } }]);
  });
});
