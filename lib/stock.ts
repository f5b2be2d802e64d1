import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { itemStock, stockHold } from "@/db/schema";
import { now } from "./clock";

/**
 * Units held by unfinished orders for the variant in `itemStockId`. Holds past
 * their `expires_at` stop counting at once, whether or not clean-up ran yet.
 */
export function heldQuantity(itemStockId: SQL | typeof itemStock.id, at: Date = now()): SQL<number> {
  return sql<number>`coalesce((
    select sum(${stockHold.quantity}) from ${stockHold}
    where ${stockHold.itemStockId} = ${itemStockId} and ${stockHold.expiresAt} > ${at}
  ), 0)::int`;
}

/** On-hand units minus active holds, never below zero. */
export function availableQuantity(at: Date = now()): SQL<number> {
  return sql<number>`greatest(${itemStock.quantity} - ${heldQuantity(itemStock.id, at)}, 0)::int`;
}

/** Available units per variant id; inactive or unknown variants are absent. */
export async function availableByVariant(
  tx: Database | Transaction,
  variantIds: number[],
): Promise<Map<number, number>> {
  if (variantIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: itemStock.id, available: availableQuantity() })
    .from(itemStock)
    .where(and(inArray(itemStock.id, variantIds), eq(itemStock.isActive, true)));
  return new Map(rows.map((r) => [r.id, r.available]));
}

/**
 * Takes `quantity` units off the shelf only if they are there: the guarded
 * update is the one place stock goes down, so it can never go negative.
 */
export async function decrementStock(tx: Transaction, itemStockId: number, quantity: number): Promise<boolean> {
  const updated = await tx
    .update(itemStock)
    .set({ quantity: sql`${itemStock.quantity} - ${quantity}` })
    .where(and(eq(itemStock.id, itemStockId), sql`${itemStock.quantity} >= ${quantity}`))
    .returning({ id: itemStock.id });
  return updated.length === 1;
}

