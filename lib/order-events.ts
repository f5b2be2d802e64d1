import "server-only";
import type { Database, Transaction } from "@/db/client";
import { orderEvent } from "@/db/schema";
import { now } from "./clock";

/** What can happen to an order, as its timeline in the back office names it. */
export type OrderEventKind =
  | "confirmed"
  | "link_created"
  | "payment_pending"
  | "payment_rejected"
  | "paid"
  | "superseded"
  | "expired"
  | "refund_owed"
  | "refunded"
  | "refund_resolved"
  | "packed"
  | "shipped"
  | "cancelled";

/** Appends to the timelines of some orders, in the transaction that made it happen. */
export async function recordOrderEvents(
  tx: Database | Transaction,
  orderIds: number[],
  kind: OrderEventKind,
  extra: { detail?: string | null; staffUserId?: string | null } = {},
): Promise<void> {
  if (orderIds.length === 0) return;
  const at = now();
  await tx.insert(orderEvent).values(orderIds.map((orderId) => ({
    orderId, kind, detail: extra.detail ?? null, staffUserId: extra.staffUserId ?? null, createdAt: at,
  })));
}
