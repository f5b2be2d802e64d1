import "server-only";
import { and, asc, count, desc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Database, type Transaction } from "@/db/client";
import { itemStock, product, shopSettings, stockHold, stockMovement } from "@/db/schema";
import { recordAudit, type Actor } from "../audit";
import { now } from "../clock";
import type { ActionState } from "../forms";
import { lowStockDefault, thresholdField } from "./stock";

export const LOW_STOCK_PAGE_SIZE = 50;
/** "Most sold" counts the units of `sale` movements in this many days. */
export const SALES_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export type LowStockRow = {
  id: number;
  productName: string;
  size: string;
  color: string;
  sku: string | null;
  quantity: number;
  held: number;
  available: number;
  /** The level in force: the variant's own, else the shop default. */
  threshold: number;
  usesShopDefault: boolean;
  /** Units sold in the last SALES_WINDOW_DAYS days. */
  soldRecently: number;
};

/**
 * Active variants whose available units (on hand minus open payment links)
 * are at or under their threshold, most sold first. Holds and recent sales
 * are summed once each (not per variant), so this stays one pass over the
 * variants however many there are.
 */
export async function lowStockVariants(
  { page = 1, pageSize = LOW_STOCK_PAGE_SIZE }: { page?: number; pageSize?: number } = {},
  tx: Database | Transaction = db,
  at: Date = now(),
): Promise<{ rows: LowStockRow[]; total: number; shopDefault: number }> {
  const shopDefault = await lowStockDefault(tx);
  const held = tx.$with("held").as(
    tx
      .select({ variantId: stockHold.itemStockId, units: sql<number>`sum(${stockHold.quantity})`.as("held_units") })
      .from(stockHold)
      .where(gt(stockHold.expiresAt, at))
      .groupBy(stockHold.itemStockId),
  );
  const sold = tx.$with("sold").as(
    tx
      .select({ variantId: stockMovement.itemStockId, units: sql<number>`-sum(${stockMovement.delta})`.as("sold_units") })
      .from(stockMovement)
      .where(and(eq(stockMovement.reason, "sale"), gt(stockMovement.createdAt, new Date(at.getTime() - SALES_WINDOW_DAYS * DAY_MS))))
      .groupBy(stockMovement.itemStockId),
  );
  const heldUnits = sql<number>`coalesce(${held.units}, 0)::int`;
  const available = sql<number>`greatest(${itemStock.quantity} - coalesce(${held.units}, 0), 0)::int`;
  const threshold = sql<number>`coalesce(${itemStock.lowStockThreshold}, ${shopDefault}::int)`;
  const soldRecently = sql<number>`coalesce(${sold.units}, 0)::int`;
  // Drizzle's builders change in place: one per use.
  const low = () =>
    tx
      .with(held, sold)
      .select({
        id: itemStock.id,
        productName: product.name,
        size: itemStock.size,
        color: itemStock.color,
        sku: itemStock.sku,
        quantity: itemStock.quantity,
        held: heldUnits,
        available,
        threshold,
        usesShopDefault: sql<boolean>`${itemStock.lowStockThreshold} is null`,
        soldRecently,
      })
      .from(itemStock)
      .innerJoin(product, eq(product.id, itemStock.productId))
      .leftJoin(held, eq(held.variantId, itemStock.id))
      .leftJoin(sold, eq(sold.variantId, itemStock.id))
      .where(and(eq(itemStock.isActive, true), eq(product.isActive, true), sql`${available} <= ${threshold}`));
  const [rows, [total]] = await Promise.all([
    low().orderBy(desc(soldRecently), asc(available), asc(product.name), asc(itemStock.id)).limit(pageSize).offset((page - 1) * pageSize),
    tx.select({ count: count() }).from(low().as("low")),
  ]);
  return { rows, total: total?.count ?? 0, shopDefault };
}

export const lowStockDefaultSchema = z.object({ lowStockDefault: thresholdField });

/** The shop's default low-stock threshold, for variants without their own. */
export async function setLowStockDefault(actor: Actor, input: z.infer<typeof lowStockDefaultSchema>): Promise<ActionState> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ lowStockDefault: shopSettings.lowStockDefault }).from(shopSettings).where(eq(shopSettings.id, 1)).for("update");
    if (current?.lowStockDefault === input.lowStockDefault) {
      return { ok: true, message: `The shop default already is ${input.lowStockDefault}.` };
    }
    const change = { lowStockDefault: input.lowStockDefault, updatedAt: now() };
    await tx.insert(shopSettings).values({ id: 1, ...change }).onConflictDoUpdate({ target: shopSettings.id, set: change });
    await recordAudit(tx, actor, {
      entityType: "settings",
      entityId: 1,
      action: "set low-stock default",
      before: { lowStockDefault: current?.lowStockDefault ?? null },
      after: { lowStockDefault: input.lowStockDefault },
    });
    return { ok: true, message: `Shop default low-stock threshold set to ${input.lowStockDefault}.` };
  });
}
