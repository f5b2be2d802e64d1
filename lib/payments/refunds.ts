import "server-only";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db/client";
import { order, payment, refund, refundAttempt } from "@/db/schema";
import { now } from "@/lib/clock";
import { enqueueRefundEmail, kickEmailDelivery } from "@/lib/email/outbox";
import { kickable } from "@/lib/jobs/kick";
import { recordOrderEvents } from "@/lib/order-events";
import type { RefundReason } from "./refund-reasons";
import { refundPayment } from "./mercadopago";

export type OwedRefund = {
  mercadoPagoPaymentId: string;
  reason: RefundReason;
  amountMinor: number;
  currency: string;
  paymentId?: string | null;
  orderId?: number | null;
};

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

/**
 * Writes down a refund the shop owes, in the caller's transaction (the one
 * that decided it), before Mercado Pago hears back from us. A Mercado Pago
 * payment is owed back at most once, however often this runs.
 */
export async function recordRefund(tx: Database | Transaction, owed: OwedRefund): Promise<void> {
  const [recorded] = await tx
    .insert(refund)
    .values({ ...owed, nextAttemptAt: now() })
    .onConflictDoNothing({ target: refund.mercadoPagoPaymentId })
    .returning({ orderId: refund.orderId });
  if (recorded?.orderId) await recordOrderEvents(tx, [recorded.orderId], "refund_owed", { detail: owed.reason });
}

/** The idempotency key of a refund: one per Mercado Pago payment, so every retry is the same refund. */
export function refundKey(mercadoPagoPaymentId: string): string {
  return `refund-${mercadoPagoPaymentId}`;
}

/** 30 s, 1 min, 2 min, … capped at an hour. */
function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export type RefundReport = { refunded: number; retrying: number };

/**
 * Asks Mercado Pago for every due refund, one row per transaction, taken
 * with FOR UPDATE SKIP LOCKED so any number of instances can run this. A
 * confirmed refund marks its payment and unpaid order refunded and queues
 * the buyer's email in the same transaction; a failed one is retried later
 * with the same idempotency key, so it never happens twice.
 */
export async function processDueRefunds(limit = 25): Promise<RefundReport> {
  const report: RefundReport = { refunded: 0, retrying: 0 };
  for (let taken = 0; taken < limit; taken++) {
    const outcome = await processNextDue();
    if (outcome === "none") break;
    report[outcome] += 1;
  }
  if (report.refunded > 0) kickEmailDelivery();
  return report;
}

/**
 * Runs one due refund through the job now (staff's "Retry now"): the same
 * call, idempotency key and bookkeeping as every other attempt. False when
 * it is not due or another worker has it at this moment.
 */
export async function processRefundNow(refundId: string): Promise<boolean> {
  const outcome = await processNextDue(refundId);
  if (outcome === "refunded") kickEmailDelivery();
  return outcome !== "none";
}

async function processNextDue(refundId?: string): Promise<keyof RefundReport | "none"> {
  return db.transaction(async (tx) => {
    const [due] = await tx
      .select()
      .from(refund)
      .where(and(eq(refund.status, "pending"), lte(refund.nextAttemptAt, now()), refundId === undefined ? undefined : eq(refund.id, refundId)))
      .orderBy(asc(refund.nextAttemptAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!due) return "none";
    const attempts = due.attempts + 1;
    const outcome = await refundPayment(due.mercadoPagoPaymentId, refundKey(due.mercadoPagoPaymentId));
    await tx.insert(refundAttempt).values({ refundId: due.id, isOk: outcome.ok, error: outcome.ok ? null : outcome.error.slice(0, 1000), createdAt: now() });
    if (!outcome.ok) {
      await tx
        .update(refund)
        .set({ attempts, lastError: outcome.error.slice(0, 1000), nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts)) })
        .where(eq(refund.id, due.id));
      return "retrying";
    }
    const [refunded] = await tx
      .update(refund)
      .set({ status: "refunded", attempts, lastError: null, refundedAt: now(), mercadoPagoRefundId: outcome.refundId })
      .where(eq(refund.id, due.id))
      .returning();
    if (due.paymentId !== null) {
      await tx
        .update(payment)
        .set({ status: "refunded" })
        .where(and(eq(payment.id, due.paymentId), eq(payment.mercadoPagoPaymentId, due.mercadoPagoPaymentId)));
    }
    if (due.orderId !== null) {
      await tx.update(order).set({ status: "refunded" }).where(and(eq(order.id, due.orderId), eq(order.status, "refund_pending")));
      await recordOrderEvents(tx, [due.orderId], "refunded", { detail: due.reason });
    }
    if (refunded) await enqueueRefundEmail(tx, refunded);
    return "refunded";
  });
}

/** Runs the due refunds soon after a transaction that recorded one commits. */
export const kickRefunds = kickable("Refund run", () => processDueRefunds());

export type RefundView = {
  orderId: number;
  reason: RefundReason;
  isDone: boolean;
  amountMinor: number;
  currency: string;
  refundedAt: Date | null;
};

/** The refunds of some orders, oldest first, for their order pages. */
export async function refundsOfOrders(orderIds: number[]): Promise<RefundView[]> {
  if (orderIds.length === 0) return [];
  const rows = await db
    .select({
      orderId: sql<number>`${refund.orderId}`,
      reason: refund.reason,
      status: refund.status,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      refundedAt: refund.refundedAt,
      resolvedAt: refund.resolvedAt,
    })
    .from(refund)
    .where(inArray(refund.orderId, orderIds))
    .orderBy(asc(refund.createdAt));
  // Resolved by hand: staff settled it outside Mercado Pago's refund API, so it is done too.
  return rows.map(({ status, refundedAt, resolvedAt, ...row }) => ({
    ...row, isDone: status !== "pending", refundedAt: refundedAt ?? resolvedAt,
  }));
}
