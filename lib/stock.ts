import "server-only";
import { and, eq, gt, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db/client";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { itemStock, order, payment, product, stockHold, stockMovement, type StockMovement } from "@/db/schema";
import { now } from "./clock";

/**
 * Units held by unfinished orders for the variant in `itemStockId`. Holds past
 * their `expires_at` stop counting at once, whether or not clean-up ran yet.
 */
export function heldQuantity(itemStockId: SQL | typeof itemStock.id, at: Date = now(), exceptOrderId?: number): SQL<number> {
  const others = exceptOrderId === undefined ? sql`` : sql` and ${stockHold.orderId} <> ${exceptOrderId}`;
  return sql<number>`coalesce((
    select sum(${stockHold.quantity}) from ${stockHold}
    where ${stockHold.itemStockId} = ${itemStockId} and ${stockHold.expiresAt} > ${at.toISOString()}::timestamptz${others}
  ), 0)::int`;
}

/** On-hand units minus active holds (but `exceptOrderId`'s), never below zero. */
export function availableQuantity(at: Date = now(), exceptOrderId?: number): SQL<number> {
  return sql<number>`greatest(${itemStock.quantity} - ${heldQuantity(itemStock.id, at, exceptOrderId)}, 0)::int`;
}

/** Available units per variant id; unknown variants, inactive ones and those of inactive products are absent. */
export async function availableByVariant(tx: Database | Transaction, variantIds: number[]): Promise<Map<number, number>> {
  if (variantIds.length === 0) return new Map();
  const rows = await availability(tx, variantIds);
  return new Map(rows.map((r) => [r.id, r.available]));
}

/**
 * The same, read under the variants' stock locks (see readUnderStockLock):
 * the decisive look of a confirm. `exceptOrderId`'s holds do not count: the
 * order checking whether its own, just written, holds are covered.
 */
export async function availableUnderStockLock(tx: Transaction, variantIds: number[], exceptOrderId: number): Promise<Map<number, number>> {
  const rows = await readUnderStockLock<{ id: number; available: number }>(tx, variantIds, availability(tx, variantIds, exceptOrderId));
  return new Map(rows.map((r) => [r.id, r.available]));
}

function availability(tx: Database | Transaction, variantIds: number[], exceptOrderId?: number) {
  return tx
    .select({ id: itemStock.id, available: availableQuantity(now(), exceptOrderId).as("available") })
    .from(itemStock)
    .innerJoin(product, eq(product.id, itemStock.productId))
    .where(and(inArray(itemStock.id, variantIds), eq(itemStock.isActive, true), eq(product.isActive, true)));
}

/** The units of these holds still active at `at` (holds past their expiry count for nothing), per variant. */
export function activeUnitsByVariant(holds: Array<{ itemStockId: number; quantity: number; expiresAt: Date }>, at: Date): Map<number, number> {
  const units = new Map<number, number>();
  for (const hold of holds) {
    if (hold.expiresAt > at) units.set(hold.itemStockId, (units.get(hold.itemStockId) ?? 0) + hold.quantity);
  }
  return units;
}

// A cart's own holds: those of its live order (unpaid, link not yet expired). Confirming
// the cart again replaces that order, so its units are as good as the cart's.
const isOwnHold = (cartId: SQL | number | AnyPgColumn, at: Date) =>
  and(eq(order.cartId, cartId), inArray(payment.status, ["created", "pending"]), gt(stockHold.expiresAt, at));

/** Units held by this cart's own unpaid orders, per variant. */
async function heldForCart(tx: Database | Transaction, cartId: number, at: Date = now()): Promise<Map<number, number>> {
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

// The stock lock's space among the two-key advisory locks (pg_advisory_xact_lock(int, int)); the second key is the variant id.
const STOCK_LOCK_SPACE = 1;

/**
 * The stock locks of these variants, taken in id order and held to commit.
 * Every decision that lowers what is available takes them first and reads
 * after: a confirm's holds, the sale of a lapsed hold, a stocktake, a
 * correction down. So those decisions take turns, and each reads what the
 * one before it committed.
 *
 * Selling held units does not take them: the hold goes and the units go in
 * one commit, so what is available does not change, and its guarded
 * decrement needs the variant's row alone. That is why this is an advisory
 * lock and not the row's: a confirm never queues behind the sale of held
 * units, nor that sale behind a confirm. Paths that take it lock the row
 * after it, and never FOR UPDATE: a confirm key-share-locks the row (its
 * holds' foreign key) before it waits here.
 */
export async function lockStock(tx: Transaction, variantIds: number[]): Promise<void> {
  if (variantIds.length > 0) await tx.execute(stockLocks(variantIds));
}

/**
 * Takes the stock locks of these variants, then runs `read`, in one round
 * trip: two statements in one simple query. Each statement has a snapshot of
 * its own, so `read` is taken once the locks are ours and sees what the
 * previous holder committed; and the lock is held from there to commit
 * without a round trip of its own. The simple query protocol has no
 * parameters, so drizzle inlines `read`'s as literals: give it numbers and
 * ISO timestamps only.
 */
export async function readUnderStockLock<Row>(tx: Transaction, variantIds: number[], read: SQLWrapper): Promise<Row[]> {
  const [, result] = (await tx.execute(sql`${stockLocks(variantIds)}; ${read.getSQL().inlineParams()}`)) as unknown as Array<{ rows: Row[] }>;
  return result?.rows ?? [];
}

/** The statement that takes these variants' stock locks in id order (unnest yields them in array order). */
function stockLocks(variantIds: number[]): SQL {
  const ids = [...new Set(variantIds)].toSorted((a, b) => a - b);
  if (!ids.every(Number.isSafeInteger)) throw new Error(`variant ids are integers: ${ids.join(", ")}`);
  return sql`select pg_advisory_xact_lock(${sql.raw(String(STOCK_LOCK_SPACE))}, id) from unnest(array[${sql.raw(ids.join(", "))}]::int[]) as id`;
}

export type Movement = {
  reason: StockMovement["reason"];
  note?: string | null;
  staffUserId?: string | null;
  orderId?: number | null;
};

/**
 * The one way item_stock.quantity changes: by `delta` units, with its ledger
 * row, in one statement (so the variant's row lock is held for one round
 * trip). Going down is guarded — `quantity + delta >= 0` — so stock never
 * goes negative; returns the new quantity, or null when there were not
 * enough units (nothing changed).
 */
export async function moveStock(tx: Transaction, variantId: number, delta: number, movement: Movement): Promise<number | null> {
  const { rows } = await tx.execute<{ quantity_after: number }>(sql`
    with moved as (
      update ${itemStock} set quantity = quantity + ${delta}::int
      where id = ${variantId} and quantity + ${delta}::int >= 0
      returning id, quantity
    )
    insert into ${stockMovement} (item_stock_id, delta, quantity_after, reason, note, staff_user_id, order_id)
    select id, ${delta}::int, quantity, ${movement.reason}::stock_movement_reason, ${movement.note ?? null}::text,
      ${movement.staffUserId ?? null}::text, ${movement.orderId ?? null}::int
    from moved
    returning quantity_after`);
  return rows[0]?.quantity_after ?? null;
}

/**
 * Opens the ledger of variants created with units already on the shelf: one
 * `count` movement each, so their movements sum to their quantity from the start.
 */
export async function openLedger(
  tx: Database | Transaction,
  variants: Array<{ id: number; quantity: number }>,
  movement: Omit<Movement, "reason"> = { note: "Opening balance" },
): Promise<void> {
  const stocked = variants.filter((v) => v.quantity !== 0);
  if (stocked.length === 0) return;
  await tx.insert(stockMovement).values(stocked.map((v) => ({
    itemStockId: v.id, delta: v.quantity, quantityAfter: v.quantity, reason: "count" as const,
    note: movement.note ?? null, staffUserId: movement.staffUserId ?? null, orderId: movement.orderId ?? null,
  })));
}

/**
 * A stocktake: sets the variant to the counted number, recording the
 * difference as a `count` movement. Returns the delta, or null for an unknown variant.
 */
export async function countStock(tx: Transaction, variantId: number, counted: number, movement: Omit<Movement, "reason">): Promise<number | null> {
  const [current] = await readUnderStockLock<{ quantity: number }>(tx, [variantId],
    tx.select({ quantity: itemStock.quantity }).from(itemStock).where(eq(itemStock.id, variantId)).for("no key update"));
  if (!current) return null;
  const delta = counted - current.quantity;
  await moveStock(tx, variantId, delta, { ...movement, reason: "count" });
  return delta;
}

/**
 * Variants whose movements do not sum to their quantity: empty unless
 * something changed stock around the ledger. Tests and the back office check it.
 */
export async function ledgerDiscrepancies(): Promise<Array<{ variantId: number; quantity: number; ledger: number }>> {
  const { rows } = await db.execute<{ variant_id: number; quantity: number; ledger: number }>(sql`
    select s.id as variant_id, s.quantity, coalesce(m.total, 0)::int as ledger
    from ${itemStock} s
    left join (select item_stock_id, sum(delta) as total from ${stockMovement} group by item_stock_id) m on m.item_stock_id = s.id
    where s.quantity <> coalesce(m.total, 0)`);
  return rows.map((r) => ({ variantId: r.variant_id, quantity: r.quantity, ledger: r.ledger }));
}
