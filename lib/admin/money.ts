import "server-only";
import { and, asc, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { order, payment, refund, refundAttempt, users, type Order, type Payment, type Refund } from "@/db/schema";
import { auditTrail, recordAudit, type Actor, type AuditView } from "../audit";
import { now } from "../clock";
import type { ActionState } from "../forms";
import { recordOrderEvents } from "../order-events";
import { processRefundNow } from "../payments/refunds";
import type { RefundStatus } from "./orders";

/** What a staff change came to, in words for the person who asked (a form's result). */
type Outcome = NonNullable<ActionState>;

const QUEUE_LIMIT = 100;

export const refundIdSchema = z.object({ refundId: z.uuid() });
export const resolutionSchema = refundIdSchema.extend({
  note: z.string().trim().min(5, "Say what was done, in a few words").max(1000, "Use at most 1000 characters"),
});
type Resolution = z.infer<typeof resolutionSchema>;

export type QueuedRefund = Pick<
  Refund,
  "id" | "reason" | "status" | "amountMinor" | "currency" | "orderId" | "mercadoPagoPaymentId" | "attempts" | "lastError" | "nextAttemptAt" | "createdAt"
>;

const queued = {
  id: refund.id, reason: refund.reason, status: refund.status, amountMinor: refund.amountMinor, currency: refund.currency,
  orderId: refund.orderId, mercadoPagoPaymentId: refund.mercadoPagoPaymentId, attempts: refund.attempts,
  lastError: refund.lastError, nextAttemptAt: refund.nextAttemptAt, createdAt: refund.createdAt,
};

/**
 * Money that needs a person: refunds Mercado Pago has not accepted yet
 * (oldest first; read through refund(status, next_attempt_at)), and approved
 * payments that matched no order of ours, whatever became of them (newest first).
 */
export async function moneyQueue(): Promise<{ pending: QueuedRefund[]; pendingCount: number; unmatched: QueuedRefund[] }> {
  const [pending, pendingCount, unmatched] = await Promise.all([
    db.select(queued).from(refund).where(eq(refund.status, "pending")).orderBy(asc(refund.createdAt)).limit(QUEUE_LIMIT),
    pendingRefundCount(),
    db.select(queued).from(refund).where(eq(refund.reason, "unmatched")).orderBy(desc(refund.createdAt)).limit(QUEUE_LIMIT),
  ]);
  return { pending, pendingCount, unmatched };
}

/** Refunds Mercado Pago has not accepted yet: the overview's "needs a person". */
export async function pendingRefundCount(): Promise<number> {
  const [row] = await db.select({ total: count() }).from(refund).where(eq(refund.status, "pending"));
  return row?.total ?? 0;
}

export type MoneyItem = {
  refund: Refund;
  resolvedByEmail: string | null;
  attempts: Array<{ isOk: boolean; error: string | null; at: Date }>;
  order: Pick<Order, "id" | "email" | "status"> | null;
  payment: Pick<Payment, "id" | "status" | "preferenceId"> | null;
  audit: AuditView[];
};

/** One refund with its history: every call to Mercado Pago, its order and payment, and what staff did. */
export async function getMoneyItem(refundId: string): Promise<MoneyItem | null> {
  const [row] = await db
    .select({ refund, resolvedByEmail: users.email })
    .from(refund)
    .leftJoin(users, eq(users.id, refund.resolvedBy))
    .where(eq(refund.id, refundId));
  if (!row) return null;
  const [attempts, orders, payments, audit] = await Promise.all([
    db
      .select({ isOk: refundAttempt.isOk, error: refundAttempt.error, at: refundAttempt.createdAt })
      .from(refundAttempt)
      .where(eq(refundAttempt.refundId, refundId))
      .orderBy(asc(refundAttempt.createdAt), asc(refundAttempt.id)),
    row.refund.orderId === null
      ? []
      : db.select({ id: order.id, email: order.email, status: order.status }).from(order).where(eq(order.id, row.refund.orderId)),
    row.refund.paymentId === null
      ? []
      : db.select({ id: payment.id, status: payment.status, preferenceId: payment.preferenceId }).from(payment).where(eq(payment.id, row.refund.paymentId)),
    auditTrail("refund", refundId),
  ]);
  return { refund: row.refund, resolvedByEmail: row.resolvedByEmail, attempts, order: orders[0] ?? null, payment: payments[0] ?? null, audit };
}

const notPending = (status: RefundStatus): Outcome => ({
  ok: false,
  message: status === "refunded" ? "Mercado Pago has already refunded this payment." : "This refund was already resolved by hand.",
});

/**
 * "Retry now": makes the refund due at once (audited) and runs it through
 * the refund job, so Mercado Pago sees the same idempotency key as every
 * earlier attempt and cannot refund twice.
 */
export async function retryRefundNow(refundId: string, actor: Actor): Promise<Outcome> {
  const made = await db.transaction(async (tx): Promise<Outcome | null> => {
    const [locked] = await tx.select().from(refund).where(eq(refund.id, refundId)).for("update");
    if (!locked) return { ok: false, message: "There is no such refund." };
    if (locked.status !== "pending") return notPending(locked.status);
    const at = now();
    await tx.update(refund).set({ nextAttemptAt: at }).where(eq(refund.id, refundId));
    await recordAudit(tx, actor, {
      entityType: "refund", entityId: refundId, action: "retry now", before: { nextAttemptAt: locked.nextAttemptAt }, after: { nextAttemptAt: at },
    });
    return null;
  });
  if (made) return made;
  const isRun = await processRefundNow(refundId);
  const [after] = await db.select({ status: refund.status, lastError: refund.lastError }).from(refund).where(eq(refund.id, refundId));
  if (after?.status === "refunded") return { ok: true, message: "Mercado Pago accepted the refund." };
  if (!isRun) return { ok: true, message: "The refund job is asking Mercado Pago right now; check back in a moment." };
  return { ok: false, message: `Mercado Pago refused it again: ${after?.lastError ?? "no reason given"}. It will keep retrying.` };
}

/**
 * "Resolved by hand": a person settled this money outside Mercado Pago's
 * refund API and says how. The refund leaves the queue and is never retried;
 * an order waiting on it reads refunded. Audited, and on the order's timeline.
 */
export async function resolveRefundByHand({ refundId, note }: Resolution, actor: Actor): Promise<Outcome> {
  return db.transaction(async (tx) => {
    // Waits for a refund job holding the row, then sees what it did.
    const [locked] = await tx.select().from(refund).where(eq(refund.id, refundId)).for("update");
    if (!locked) return { ok: false, message: "There is no such refund." };
    if (locked.status !== "pending") return notPending(locked.status);
    const at = now();
    await tx
      .update(refund)
      .set({ status: "resolved", resolvedBy: actor.id, resolvedAt: at, resolutionNote: note })
      .where(eq(refund.id, refundId));
    if (locked.orderId !== null) {
      await tx.update(order).set({ status: "refunded" }).where(and(eq(order.id, locked.orderId), eq(order.status, "refund_pending")));
      await recordOrderEvents(tx, [locked.orderId], "refund_resolved", { detail: note, staffUserId: actor.id });
    }
    await recordAudit(tx, actor, {
      entityType: "refund", entityId: refundId, action: "resolve by hand",
      before: { status: "pending" },
      after: { status: "resolved", resolutionNote: note },
    });
    return { ok: true, message: "Marked resolved by hand; it will not be retried." };
  });
}
