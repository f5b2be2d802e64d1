import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { order, payment, stockHold } from "@/db/schema";
import { payableLink } from "@/lib/checkout";
import { setClockOffset } from "@/lib/clock";
import { availableByVariant } from "@/lib/stock";
import { finalizePayment } from "./finalize";
import { expireUnfinishedPayments, runExpiryOnce } from "./expiry";
import { cartWith, confirmed, snapshot, startMercadoPagoForTests } from "./test-support";

const mercadoPago = startMercadoPagoForTests();
const HOUR = 60 * 60 * 1000;

/** A confirmed cart whose payment was created more than an hour ago. */
async function confirmedAnHourAgo(stock = 3, quantity = 2) {
  const { owner, variant } = await cartWith(stock, quantity);
  setClockOffset(-HOUR - 60_000);
  const old = await confirmed(owner);
  setClockOffset(0);
  return { owner, variant, ...old };
}

async function available(variantId: number): Promise<number> {
  return (await availableByVariant(db, [variantId])).get(variantId) ?? 0;
}

describe("expiry", () => {
  it("expires a payment link after an hour everywhere", async () => {
    const { owner, variant, orderId, paymentId } = await confirmedAnHourAgo(3, 2);

    // Its holds stop counting at once, before any clean-up runs.
    expect(await available(variant.id)).toBe(3);
    expect(await payableLink(orderId)).toBeNull();

    const report = await runExpiryOnce();
    expect(report.expiredPayments).toBeGreaterThanOrEqual(1);
    expect(await snapshot(orderId, variant.id)).toMatchObject({
      order: { status: "expired" }, payments: [{ status: "expired" }], holds: 0, stock: 3,
    });

    const fresh = await confirmed(owner);
    expect(fresh.isReused).toBe(false);
    expect(fresh.paymentId).not.toBe(paymentId);
    expect(await payableLink(fresh.orderId)).toEqual({ initPoint: fresh.initPoint, expiresAt: expect.any(Date) });
  });

  it("leaves valid, approved and rejected payments alone", async () => {
    const valid = await confirmed((await cartWith(3, 1)).owner);
    const approvedCart = await cartWith(3, 1);
    const approved = await confirmed(approvedCart.owner);
    const paid = await mercadoPago().standIn.pay(approved.preferenceId, "approved", { notify: false });
    await finalizePayment(String(paid.id));

    await runExpiryOnce();

    const statuses = await db.select({ status: payment.status }).from(payment).where(eq(payment.id, valid.paymentId));
    expect(statuses).toEqual([{ status: "created" }]);
    expect(await db.select().from(stockHold).where(eq(stockHold.orderId, valid.orderId))).toHaveLength(1);
    const [approvedOrder] = await db.select({ status: order.status }).from(order).where(eq(order.id, approved.orderId));
    expect(approvedOrder?.status).toBe("paid");
  });

  it("skips a payment another worker has locked and expires it on the next run", async () => {
    const { orderId, paymentId, variant } = await confirmedAnHourAgo(3, 1);

    await db.transaction(async (tx) => {
      await tx.select().from(payment).where(eq(payment.id, paymentId)).for("update");
      await expireUnfinishedPayments();
      const [row] = await db.select({ status: payment.status }).from(payment).where(eq(payment.id, paymentId));
      expect(row?.status).toBe("created");
    });

    await expireUnfinishedPayments();
    expect(await snapshot(orderId, variant.id)).toMatchObject({ payments: [{ status: "expired" }], holds: 0 });
  });

  it("deletes expired holds", async () => {
    const { orderId } = await confirmedAnHourAgo(3, 1);
    // Only the hold is past its time here: the payment row is left as it was.
    await db.update(payment).set({ expiresAt: new Date(Date.now() + HOUR) }).where(eq(payment.orderId, orderId));

    const report = await runExpiryOnce();

    expect(report.deletedHolds).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(stockHold).where(eq(stockHold.orderId, orderId))).toEqual([]);
  });
});
