import "server-only";
import { and, asc, eq, gt, lte, ne, sql } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { cartItem, itemStock, order, orderItem, payment, stockHold, type Order, type Payment } from "@/db/schema";
import { now } from "@/lib/clock";
import { enqueuePurchaseEmail, kickEmailDelivery } from "@/lib/email/outbox";
import { decrementStock } from "@/lib/stock";
import { fetchPayment, refundPayment } from "./mercadopago";

export type SettledOutcome = "approved" | "refunded" | "refund_pending" | "pending" | "rejected" | "expired";

/** What finalization found out; routes render it, nothing here is an exception. */
export type FinalizeResult =
  | { outcome: SettledOutcome; orderId: number; userId: string | null }
  | { outcome: "not_ours" | "mismatch" | "unavailable" };

type Ours = { paymentId: string; orderId: number; userId: string | null };

const MERCADO_PAGO_ID = /^\d{1,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REJECTED = new Set(["rejected", "cancelled"]);
const IN_PROGRESS = new Set(["pending", "in_process", "authorized"]);

/**
 * The one finalization, for both the shopper's return and the webhook. It
 * trusts nothing it is handed but the Mercado Pago payment id: status,
 * reference, amount and currency are read from Mercado Pago itself.
 */
export async function finalizePayment(mercadoPagoPaymentId: string): Promise<FinalizeResult> {
  if (!MERCADO_PAGO_ID.test(mercadoPagoPaymentId)) return { outcome: "not_ours" };
  const lookup = await fetchPayment(mercadoPagoPaymentId);
  if (!lookup.ok) return { outcome: lookup.reason === "unavailable" ? "unavailable" : "not_ours" };
  const remote = lookup.payment;

  const reference = remote.external_reference ?? "";
  if (!UUID.test(reference)) return { outcome: "not_ours" };
  const [row] = await db
    .select({ paymentId: payment.id, orderId: payment.orderId, userId: order.userId, amountMinor: payment.amountMinor, currency: payment.currency })
    .from(payment)
    .innerJoin(order, eq(order.id, payment.orderId))
    .where(eq(payment.id, reference));
  if (!row) {
    // Approved on our account for a payment we no longer have (the oldest of
    // six unfinished ones is deleted while its link stays payable): no order
    // can honour it, so the shopper gets the money back.
    if (remote.status === "approved") await refundPayment(remote.id, `refund-orphan-${remote.id}`);
    return { outcome: "not_ours" };
  }
  if (Math.round(remote.transaction_amount * 100) !== row.amountMinor || remote.currency_id !== row.currency) {
    return { outcome: "mismatch" };
  }

  const ours: Ours = { paymentId: row.paymentId, orderId: row.orderId, userId: row.userId };
  if (remote.status === "approved") return approve(ours, remote.id);
  if (REJECTED.has(remote.status)) return reject(ours, remote.id);
  if (IN_PROGRESS.has(remote.status)) return markPending(ours, remote.id);
  return settled(ours, await currentState(ours.paymentId));
}

type State = { paymentStatus: Payment["status"]; orderStatus: Order["status"] } | null;

function settled(ours: Ours, state: State): FinalizeResult {
  if (!state) return { outcome: "not_ours" };
  return { outcome: outcomeOf(state), orderId: ours.orderId, userId: ours.userId };
}

function outcomeOf({ paymentStatus, orderStatus }: NonNullable<State>): SettledOutcome {
  if (orderStatus === "paid") return "approved";
  if (orderStatus === "refunded") return "refunded";
  if (orderStatus === "refund_pending") return "refund_pending";
  if (paymentStatus === "rejected") return "rejected";
  if (paymentStatus === "expired" || orderStatus === "expired") return "expired";
  return "pending";
}

async function currentState(paymentId: string): Promise<State> {
  const [row] = await db
    .select({ paymentStatus: payment.status, orderStatus: order.status })
    .from(payment)
    .innerJoin(order, eq(order.id, payment.orderId))
    .where(eq(payment.id, paymentId));
  return row ?? null;
}

/** Locks our payment row, then reads its order fresh (after the lock is ours). */
async function lockPayment(tx: Transaction, paymentId: string) {
  const [locked] = await tx.select().from(payment).where(eq(payment.id, paymentId)).for("update");
  if (!locked) return null;
  const [owning] = await tx.select().from(order).where(eq(order.id, locked.orderId));
  return owning ? { payment: locked, order: owning } : null;
}

type Approval =
  | { kind: "gone" }
  | { kind: "done"; state: NonNullable<State>; duplicateOf: string | null; mercadoPagoPaymentId: string | null }
  | { kind: "paid" }
  | { kind: "uncovered" };

/**
 * One transaction: the payment row lock makes concurrent finalizations of
 * one payment take turns, and the first one wins; later ones see it approved
 * and stop. Locks: payment, then variants by id, then the cart's lines.
 */
async function approve(ours: Ours, mercadoPagoPaymentId: string): Promise<FinalizeResult> {
  const approval = await db.transaction(async (tx): Promise<Approval> => {
    const found = await lockPayment(tx, ours.paymentId);
    if (!found) return { kind: "gone" };
    if (found.payment.status === "approved" || found.payment.status === "refunded") {
      const previous = found.payment.mercadoPagoPaymentId;
      return {
        kind: "done",
        state: { paymentStatus: found.payment.status, orderStatus: found.order.status },
        duplicateOf: previous !== mercadoPagoPaymentId ? previous : null,
        mercadoPagoPaymentId: previous,
      };
    }
    const at = now();
    await tx
      .update(payment)
      .set({ status: "approved", approvedAt: at, mercadoPagoPaymentId })
      .where(eq(payment.id, ours.paymentId));
    const lines = await tx
      .select({ itemStockId: orderItem.itemStockId, quantity: orderItem.quantity })
      .from(orderItem)
      .where(eq(orderItem.orderId, ours.orderId))
      .orderBy(asc(orderItem.itemStockId));
    const isCovered = await takeStock(tx, ours.orderId, lines, at);
    await tx.delete(stockHold).where(eq(stockHold.orderId, ours.orderId));
    if (!isCovered) {
      await tx.update(order).set({ status: "refund_pending" }).where(eq(order.id, ours.orderId));
      return { kind: "uncovered" };
    }
    await tx.update(order).set({ status: "paid", paidAt: at }).where(eq(order.id, ours.orderId));
    if (found.order.cartId !== null) await removeBoughtLines(tx, found.order.cartId, lines);
    await enqueuePurchaseEmail(tx, ours.orderId);
    return { kind: "paid" };
  });

  switch (approval.kind) {
    case "gone":
      return { outcome: "not_ours" };
    case "paid":
      kickEmailDelivery();
      return { outcome: "approved", orderId: ours.orderId, userId: ours.userId };
    case "uncovered":
      return settled(ours, await settleRefund(ours.paymentId, ours.orderId, mercadoPagoPaymentId));
    case "done":
      if (approval.duplicateOf !== null) {
        // The same link paid twice: the order is already settled, so this money goes back
        // ("unavailable" makes the webhook answer 500, so Mercado Pago asks again later).
        const isRefunded = await refundPayment(mercadoPagoPaymentId, `refund-duplicate-${mercadoPagoPaymentId}`);
        if (!isRefunded) return { outcome: "unavailable" };
      } else if (approval.state.orderStatus === "refund_pending" && approval.mercadoPagoPaymentId) {
        return settled(ours, await settleRefund(ours.paymentId, ours.orderId, approval.mercadoPagoPaymentId));
      }
      return settled(ours, approval.state);
  }
}

class Uncovered extends Error {}

/**
 * Turns the order's holds into decrements. A line whose hold expired is
 * covered only by stock nobody else holds; if any line falls short, the
 * savepoint undoes every decrement of this order.
 */
async function takeStock(
  tx: Transaction,
  orderId: number,
  lines: Array<{ itemStockId: number; quantity: number }>,
  at: Date,
): Promise<boolean> {
  try {
    await tx.transaction(async (savepoint) => {
      for (const line of lines) {
        const [variant] = await savepoint
          .select({ quantity: itemStock.quantity })
          .from(itemStock)
          .where(eq(itemStock.id, line.itemStockId))
          .for("update");
        const [held] = await savepoint
          .select({ quantity: sql<number>`coalesce(sum(${stockHold.quantity}), 0)::int` })
          .from(stockHold)
          .where(and(eq(stockHold.itemStockId, line.itemStockId), gt(stockHold.expiresAt, at), ne(stockHold.orderId, orderId)));
        if (!variant || variant.quantity - (held?.quantity ?? 0) < line.quantity) throw new Uncovered();
        if (!(await decrementStock(savepoint, line.itemStockId, line.quantity))) throw new Uncovered();
      }
    });
    return true;
  } catch (error) {
    if (error instanceof Uncovered) return false;
    throw error;
  }
}

/** Subtracts what was bought from the cart; lines that reach zero go. */
async function removeBoughtLines(tx: Transaction, cartId: number, lines: Array<{ itemStockId: number; quantity: number }>) {
  for (const line of lines) {
    const sameLine = and(eq(cartItem.cartId, cartId), eq(cartItem.itemStockId, line.itemStockId));
    await tx.delete(cartItem).where(and(sameLine, lte(cartItem.quantity, line.quantity)));
    await tx
      .update(cartItem)
      .set({ quantity: sql`${cartItem.quantity} - ${line.quantity}` })
      .where(and(sameLine, gt(cartItem.quantity, line.quantity)));
  }
}

/**
 * Refunds an approved payment whose order could not be covered. If Mercado
 * Pago cannot be reached the order stays refund_pending for retryPendingRefunds.
 */
async function settleRefund(paymentId: string, orderId: number, mercadoPagoPaymentId: string): Promise<State> {
  if (await refundPayment(mercadoPagoPaymentId, `refund-${paymentId}`)) {
    await db.transaction(async (tx) => {
      await tx.update(payment).set({ status: "refunded" }).where(and(eq(payment.id, paymentId), eq(payment.status, "approved")));
      await tx.update(order).set({ status: "refunded" }).where(and(eq(order.id, orderId), eq(order.status, "refund_pending")));
    });
  }
  return currentState(paymentId);
}

/** Retries refunds that Mercado Pago could not take earlier; returns how many went through. */
export async function retryPendingRefunds(limit = 50): Promise<number> {
  const due = await db
    .select({ paymentId: payment.id, orderId: order.id, mercadoPagoPaymentId: payment.mercadoPagoPaymentId })
    .from(order)
    .innerJoin(payment, eq(payment.orderId, order.id))
    .where(and(eq(order.status, "refund_pending"), eq(payment.status, "approved")))
    .orderBy(asc(order.id))
    .limit(limit);
  let refunded = 0;
  for (const row of due) {
    if (!row.mercadoPagoPaymentId) continue;
    const state = await settleRefund(row.paymentId, row.orderId, row.mercadoPagoPaymentId);
    if (state?.orderStatus === "refunded") refunded += 1;
  }
  return refunded;
}

/** Rejected or cancelled: the order stays unpaid and its stock is free again. */
async function reject(ours: Ours, mercadoPagoPaymentId: string): Promise<FinalizeResult> {
  const state = await db.transaction(async (tx): Promise<State> => {
    const found = await lockPayment(tx, ours.paymentId);
    if (!found) return null;
    const isThisAttempt = found.payment.status === "pending" && found.payment.mercadoPagoPaymentId === mercadoPagoPaymentId;
    if (found.payment.status === "created" || isThisAttempt) {
      await tx.update(payment).set({ status: "rejected", mercadoPagoPaymentId }).where(eq(payment.id, ours.paymentId));
      await tx.delete(stockHold).where(eq(stockHold.orderId, ours.orderId));
      return { paymentStatus: "rejected", orderStatus: found.order.status };
    }
    return { paymentStatus: found.payment.status, orderStatus: found.order.status };
  });
  // Any other state stands: a rejected attempt does not undo another attempt still in process or approved.
  return settled(ours, state);
}

/** Pending or in process: Mercado Pago will tell us (webhook) how it ends. */
async function markPending(ours: Ours, mercadoPagoPaymentId: string): Promise<FinalizeResult> {
  const state = await db.transaction(async (tx): Promise<State> => {
    const found = await lockPayment(tx, ours.paymentId);
    if (!found) return null;
    if (found.payment.status === "created" || found.payment.status === "rejected") {
      await tx.update(payment).set({ status: "pending", mercadoPagoPaymentId }).where(eq(payment.id, ours.paymentId));
      return { paymentStatus: "pending", orderStatus: found.order.status };
    }
    return { paymentStatus: found.payment.status, orderStatus: found.order.status };
  });
  return settled(ours, state);
}
