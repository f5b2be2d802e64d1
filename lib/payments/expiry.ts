import "server-only";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { order, payment, stockHold } from "@/db/schema";
import { stockChanged } from "@/lib/catalog-cache";
import { now } from "@/lib/clock";
import { recordOrderEvents } from "@/lib/order-events";
import { processDueRefunds } from "./refunds";
import { expireSupersededLinks } from "./supersede";

const BATCH_SIZE = 100;

/**
 * Marks created or pending payments past their link's expiry as expired,
 * with their orders, and frees their holds. Rows are taken with SKIP LOCKED
 * in batches, so several app instances can run this side by side and a
 * payment being finalized right now is simply left for the next run.
 */
export async function expireUnfinishedPayments(batchSize = BATCH_SIZE): Promise<number> {
  let expired = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: payment.id, orderId: payment.orderId })
        .from(payment)
        .where(and(inArray(payment.status, ["created", "pending"]), lte(payment.expiresAt, now())))
        .orderBy(asc(payment.expiresAt))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      if (due.length === 0) return 0;
      const orderIds = due.map((p) => p.orderId);
      await tx.update(payment).set({ status: "expired" }).where(inArray(payment.id, due.map((p) => p.id)));
      const ended = await tx
        .update(order)
        .set({ status: "expired" })
        .where(and(inArray(order.id, orderIds), eq(order.status, "pending_payment")))
        .returning({ id: order.id });
      await recordOrderEvents(tx, ended.map((o) => o.id), "expired");
      await tx.delete(stockHold).where(inArray(stockHold.orderId, orderIds));
      return due.length;
    });
    expired += count;
    // Their holds stopped counting at their expiry already; dropping cached pages now only shortens the wait.
    if (count > 0) stockChanged();
    if (count < batchSize) return expired;
  }
}

/** Deletes holds past their expiry; they already stopped counting, this only tidies up. */
export async function deleteExpiredHolds(batchSize = BATCH_SIZE * 5): Promise<number> {
  let deleted = 0;
  for (;;) {
    const due = sql`(select ${stockHold.id} from ${stockHold} where ${stockHold.expiresAt} <= ${now()} limit ${batchSize} for update skip locked)`;
    const rows = await db.delete(stockHold).where(inArray(stockHold.id, due)).returning({ id: stockHold.id });
    deleted += rows.length;
    if (rows.length < batchSize) return deleted;
  }
}

export type ExpiryReport = { expiredPayments: number; deletedHolds: number; refunds: number; expiredLinks: number };

/**
 * One pass of the clean-up each app instance runs on an interval (also
 * `npm run jobs:expire`): expire unpaid links and their holds, retry owed
 * refunds and the early expiry of superseded links until Mercado Pago takes them.
 */
export async function runExpiryOnce(): Promise<ExpiryReport> {
  const expiredPayments = await expireUnfinishedPayments();
  const deletedHolds = await deleteExpiredHolds();
  const refunds = (await processDueRefunds()).refunded;
  const expiredLinks = await expireSupersededLinks();
  return { expiredPayments, deletedHolds, refunds, expiredLinks };
}
