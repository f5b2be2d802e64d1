import "server-only";
import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { order, payment, stockHold } from "@/db/schema";
import { now } from "@/lib/clock";
import { kickable } from "@/lib/jobs/kick";
import { recordOrderEvents } from "@/lib/order-events";
import { expirePaymentLink } from "./mercadopago";

/** A hold an order lost when it was superseded. */
export type ReleasedHold = { orderId: number; itemStockId: number; quantity: number; expiresAt: Date };

/**
 * Ends unpaid orders that another order replaced, inside the caller's
 * transaction (which holds their payment rows): their holds stop at once, so
 * a shopper never holds more than their current cart. Their Mercado Pago
 * links are expired after commit (expireSupersededLinks); an approval that
 * still arrives for one is refunded. Returns the holds it deleted.
 */
export async function supersedeOrders(tx: Transaction, orderIds: number[]): Promise<ReleasedHold[]> {
  if (orderIds.length === 0) return [];
  await tx
    .update(payment)
    .set({ status: "superseded" })
    .where(and(inArray(payment.orderId, orderIds), inArray(payment.status, ["created", "pending"])));
  const ended = await tx
    .update(order)
    .set({ status: "superseded" })
    .where(and(inArray(order.id, orderIds), eq(order.status, "pending_payment")))
    .returning({ id: order.id });
  const released = await tx
    .delete(stockHold)
    .where(inArray(stockHold.orderId, orderIds))
    .returning({ orderId: stockHold.orderId, itemStockId: stockHold.itemStockId, quantity: stockHold.quantity, expiresAt: stockHold.expiresAt });
  await recordOrderEvents(tx, ended.map((o) => o.id), "superseded");
  return released;
}

/**
 * Moves the expiry of superseded payments' links to now at Mercado Pago.
 * Runs after the superseding commit and from the expiry job until Mercado
 * Pago has taken each one; expiring twice is harmless, so no row is locked
 * during the call. Returns how many links it expired.
 */
export async function expireSupersededLinks(limit = 50): Promise<number> {
  const due = await db
    .select({ id: payment.id, preferenceId: payment.preferenceId })
    .from(payment)
    .where(and(eq(payment.status, "superseded"), isNotNull(payment.preferenceId), isNull(payment.linkExpiredAt)))
    .orderBy(asc(payment.createdAt))
    .limit(limit);
  let expired = 0;
  for (const row of due) {
    if (!row.preferenceId || !(await expirePaymentLink(row.preferenceId))) continue;
    await db.update(payment).set({ linkExpiredAt: now() }).where(eq(payment.id, row.id));
    expired += 1;
  }
  return expired;
}

/** Expires superseded links soon after the transaction that superseded them commits. */
export const kickLinkExpiry = kickable("Link expiry run", () => expireSupersededLinks());
