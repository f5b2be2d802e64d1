import "server-only";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Transaction } from "@/db/client";
import { order, orderItem, payment } from "@/db/schema";
import { recordAudit, type Actor } from "../audit";
import { stockChange } from "../catalog-cache";
import { enqueueShippedEmail, kickEmailDelivery } from "../email/outbox";
import { databaseIdField, type ActionState } from "../forms";
import { recordOrderEvents } from "../order-events";
import { kickRefunds, recordRefund } from "../payments/refunds";
import { moveStock } from "../stock";

/** What a staff change came to, in words for the person who asked (a form's result). */
type Outcome = NonNullable<ActionState>;

export const orderIdSchema = z.object({ orderId: databaseIdField });

export const shipmentSchema = orderIdSchema.extend({
  carrier: z.string().trim().min(2, "Enter the carrier, like Correo Argentino").max(60, "Use at most 60 characters"),
  trackingNumber: z
    .string()
    .transform((value) => value.replace(/\s+/g, "").toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9-]{6,40}$/, "Enter the tracking number: 6 to 40 letters, digits or hyphens")),
});
type Shipment = z.infer<typeof shipmentSchema>;

export const cancellationSchema = orderIdSchema.extend({
  confirm: z.literal("yes", { error: "Tick the box to confirm the cancellation and refund" }),
  note: z.string().trim().max(500, "Use at most 500 characters").optional(),
});
type Cancellation = z.infer<typeof cancellationSchema>;

const refused = (message: string): Outcome => ({ ok: false, message });

/** The order's row, locked: every staff change of an order takes it first, so changes take turns. */
async function lockOrder(tx: Transaction, orderId: number) {
  const [locked] = await tx.select().from(order).where(eq(order.id, orderId)).for("update");
  return locked ?? null;
}

/** A paid order is packed; packing it again changes nothing. */
export async function markPacked(orderId: number, actor: Actor): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const locked = await lockOrder(tx, orderId);
    if (!locked) return refused("There is no such order.");
    if (locked.fulfilment !== "unfulfilled") return refused(`Order #${orderId} is already ${locked.fulfilment}.`);
    if (locked.status !== "paid") return refused(`Only paid orders can be packed.`);
    await tx.update(order).set({ fulfilment: "packed" }).where(eq(order.id, orderId));
    await recordOrderEvents(tx, [orderId], "packed", { staffUserId: actor.id });
    await recordAudit(tx, actor, {
      entityType: "order", entityId: orderId, action: "mark packed", before: { fulfilment: "unfulfilled" }, after: { fulfilment: "packed" },
    });
    return { ok: true, message: `Order #${orderId} is packed.` };
  });
}

/**
 * A packed order leaves with a carrier and tracking number: in one
 * transaction its fulfilment, timeline, audit and the buyer's "shipped"
 * email; shipping it again changes nothing and sends nothing.
 */
export async function markShipped({ orderId, carrier, trackingNumber }: Shipment, actor: Actor): Promise<Outcome> {
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    const locked = await lockOrder(tx, orderId);
    if (!locked) return refused("There is no such order.");
    if (locked.fulfilment === "shipped") return refused(`Order #${orderId} already shipped with ${locked.carrier} (${locked.trackingNumber}).`);
    if (locked.status !== "paid") return refused("Only paid orders can be shipped.");
    if (locked.fulfilment !== "packed") return refused(`Mark order #${orderId} packed before shipping it.`);
    const [shipped] = await tx.update(order).set({ fulfilment: "shipped", carrier, trackingNumber }).where(eq(order.id, orderId)).returning();
    if (!shipped) throw new Error(`Order ${orderId} vanished while locked`);
    await recordOrderEvents(tx, [orderId], "shipped", { detail: `${carrier} · ${trackingNumber}`, staffUserId: actor.id });
    await recordAudit(tx, actor, {
      entityType: "order", entityId: orderId, action: "mark shipped",
      before: { fulfilment: "packed" }, after: { fulfilment: "shipped", carrier, trackingNumber },
    });
    await enqueueShippedEmail(tx, shipped);
    return { ok: true, message: `Order #${orderId} is shipped; the buyer is being emailed the tracking number.` };
  });
  if (outcome.ok) kickEmailDelivery();
  return outcome;
}

/**
 * Cancels a paid order that has not shipped, in one transaction: the order
 * is cancelled, a refund of its approved payment is owed (one per Mercado
 * Pago payment, so never two), and its units go back to stock as `return`
 * movements. Locks: the order, then its variants by id (as finalize takes
 * them), so two staff cancelling at once take turns and the second stops.
 */
export async function cancelOrder({ orderId, note }: Omit<Cancellation, "confirm">, actor: Actor): Promise<Outcome> {
  const outcome = await stockChange(db.transaction(async (tx): Promise<Outcome> => {
    const locked = await lockOrder(tx, orderId);
    if (!locked) return refused("There is no such order.");
    if (locked.status === "cancelled") return refused(`Order #${orderId} is already cancelled.`);
    if (locked.status !== "paid") return refused("Only paid orders can be cancelled.");
    if (locked.fulfilment === "shipped") return refused(`Order #${orderId} has shipped; it can no longer be cancelled.`);
    const [paid] = await tx
      .select()
      .from(payment)
      .where(and(eq(payment.orderId, orderId), eq(payment.status, "approved"), isNotNull(payment.mercadoPagoPaymentId)));
    if (!paid?.mercadoPagoPaymentId) return refused(`Order #${orderId} has no approved payment to refund.`);

    await tx.update(order).set({ status: "cancelled" }).where(eq(order.id, orderId));
    await recordOrderEvents(tx, [orderId], "cancelled", { detail: note || null, staffUserId: actor.id });
    await recordRefund(tx, {
      mercadoPagoPaymentId: paid.mercadoPagoPaymentId, reason: "cancelled", amountMinor: paid.amountMinor,
      currency: paid.currency, paymentId: paid.id, orderId,
    });
    const units = await tx
      .select({ variantId: orderItem.itemStockId, quantity: sql<number>`sum(${orderItem.quantity})::int` })
      .from(orderItem)
      .where(eq(orderItem.orderId, orderId))
      .groupBy(orderItem.itemStockId)
      .orderBy(asc(orderItem.itemStockId));
    for (const { variantId, quantity } of units) {
      const after = await moveStock(tx, variantId, quantity, { reason: "return", note: `Order #${orderId} cancelled`, staffUserId: actor.id, orderId });
      if (after === null) throw new Error(`Variant ${variantId} of order ${orderId} is gone; its units cannot return`);
    }
    await recordAudit(tx, actor, {
      entityType: "order", entityId: orderId, action: "cancel and refund",
      before: { status: "paid" },
      after: { status: "cancelled", refundOf: paid.mercadoPagoPaymentId, returned: units, note: note || null },
    });
    return { ok: true, message: `Order #${orderId} is cancelled; its units are back in stock and the refund is on its way.` };
  }));
  if (outcome.ok) kickRefunds();
  return outcome;
}
