import "server-only";
import { and, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { itemStock, order, payment, stockHold } from "@/db/schema";
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

// A cart's own holds: those of its live order (unpaid, link not yet expired). Confirming
// the cart again replaces that order, so its units are as good as the cart's.
const isOwnHold = (cartId: SQL | number | AnyPgColumn, at: Date) =>
  and(eq(order.cartId, cartId), inArray(payment.status, ["created", "pending"]), gt(stockHold.expiresAt, at));

/** Units held by this cart's own unpaid orders, per variant. */
export async function heldForCart(tx: Database | Transaction, cartId: number, at: Date = now()): Promise<Map<number, number>> {
  const rows = await tx
    .select({ variantId: stockHold.itemStockId, quantity: sql<number>`sum(${stockHold.quantity})::int` })
    .from(stockHold)
    .innerJoin(order, eq(order.id, stockHold.orderId))
    .innerJoin(payment, eq(payment.orderId, order.id))
    .where(isOwnHold(cartId, at))
    .groupBy(stockHold.itemStockId);
  return new Map(rows.map((r) => [r.variantId, r.quantity]));
}

/** The same, as an expression for the variant of the current `item_stock` row. */
export function heldForCartSql(cartId: SQL | AnyPgColumn, at: Date = now()): SQL<number> {
  return sql<number>`coalesce((
    select sum(${stockHold.quantity}) from ${stockHold}
    join ${order} on ${order.id} = ${stockHold.orderId}
    join ${payment} on ${payment.orderId} = ${order.id}
    where ${stockHold.itemStockId} = ${itemStock.id} and ${isOwnHold(cartId, at)}
  ), 0)::int`;
}

/**
 * What a cart may hold of each variant: the free units plus the units its own
 * unpaid orders already hold, so confirming an order never makes the
 * shopper's own cart look sold out.
 */
export async function availableToCart(
  tx: Database | Transaction,
  cartId: number | null,
  variantIds: number[],
): Promise<Map<number, number>> {
  const free = await availableByVariant(tx, variantIds);
  if (cartId === null) return free;
  const own = await heldForCart(tx, cartId);
  return new Map([...free].map(([id, units]) => [id, units + (own.get(id) ?? 0)]));
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

