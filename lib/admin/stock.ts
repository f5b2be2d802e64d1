import "server-only";
import { and, asc, count, desc, eq, gt, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import { formatDelta } from "@/components/format";
import { db, type Database, type Transaction } from "@/db/client";
import { itemStock, product, shopSettings, stockHold, stockMovement, users, type StockMovement } from "@/db/schema";
import { recordAudit, type Actor } from "../audit";
import { stockChange } from "../catalog-cache";
import { now } from "../clock";
import { databaseIdOf, pageField, wholeNumberField, queryTextField, type ActionState } from "../forms";
import { availableQuantity, countStock, heldQuantity, lockStock, moveStock } from "../stock";

export const STOCK_PAGE_SIZE = 50;
export const HISTORY_PAGE_SIZE = 25;
const MAX_UNITS = 100_000;
const MAX_THRESHOLD = 10_000;
const NOTE_MAX = 500;

// ---- Input ----------------------------------------------------------------

const variantIdField = databaseIdOf("Unknown variant");
const optionalNote = z
  .string()
  .trim()
  .max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters`)
  .optional()
  .transform((note) => note || null);
export const thresholdField = wholeNumberField(0, MAX_THRESHOLD, `A threshold is a whole number from 0 to ${MAX_THRESHOLD.toLocaleString("en")}`);

// One page holds every form of a variant, so each form's field names (and ids) are its own.
export const restockSchema = z.object({
  variantId: variantIdField,
  units: wholeNumberField(1, MAX_UNITS, `Units must be a whole number from 1 to ${MAX_UNITS.toLocaleString("en")}`),
  note: optionalNote,
});

export const countSchema = z
  .object({
    variantId: variantIdField,
    counted: wholeNumberField(0, MAX_UNITS, `The count must be a whole number from 0 to ${MAX_UNITS.toLocaleString("en")}`),
    countNote: optionalNote,
  })
  .transform(({ countNote, ...count }) => ({ ...count, note: countNote }));

export const correctionSchema = z
  .object({
    variantId: variantIdField,
    direction: z.enum(["remove", "add"], { error: "Choose whether to remove or add units" }),
    correctionUnits: wholeNumberField(1, MAX_UNITS, `Units must be a whole number from 1 to ${MAX_UNITS.toLocaleString("en")}`),
    correctionNote: z
      .string({ error: "Say why the stock is corrected" })
      .trim()
      .min(1, "Say why the stock is corrected")
      .max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters`),
  })
  .transform(({ correctionUnits, correctionNote, ...correction }) => ({ ...correction, units: correctionUnits, note: correctionNote }));

export const thresholdSchema = z.object({
  variantId: variantIdField,
  // Blank: follow the shop's default.
  threshold: z
    .preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), thresholdField.optional())
    .transform((threshold) => threshold ?? null),
});

// The migration writes the settings row; this only covers a database emptied by hand.
const SCHEMA_LOW_STOCK_DEFAULT = 3;

/** The shop's low-stock alert level, for variants without their own. */
export async function lowStockDefault(tx: Database | Transaction = db): Promise<number> {
  const [settings] = await tx.select({ lowStockDefault: shopSettings.lowStockDefault }).from(shopSettings).where(eq(shopSettings.id, 1));
  return settings?.lowStockDefault ?? SCHEMA_LOW_STOCK_DEFAULT;
}

// ---- The variants list ------------------------------------------------------

export const stockFilterSchema = z.object({
  q: queryTextField(100),
  /** Also list inactive variants and variants of inactive products. */
  inactive: z.literal("1").optional().catch(undefined).transform(Boolean),
  /** Only variants with nothing available. */
  soldOut: z.literal("1").optional().catch(undefined).transform(Boolean),
  page: pageField,
});
export type StockFilter = z.infer<typeof stockFilterSchema>;

export type StockRow = {
  id: number;
  productName: string;
  size: string;
  color: string;
  sku: string | null;
  quantity: number;
  held: number;
  available: number;
  /** The variant's own threshold; null follows the shop default. */
  lowStockThreshold: number | null;
  isActive: boolean;
};

// A variant as staff see it; selected from item_stock joined to its product.
const stockRowFields = (at: Date) => ({
  id: itemStock.id,
  productName: product.name,
  size: itemStock.size,
  color: itemStock.color,
  sku: itemStock.sku,
  quantity: itemStock.quantity,
  held: heldQuantity(itemStock.id, at),
  available: availableQuantity(at),
  lowStockThreshold: itemStock.lowStockThreshold,
  isActive: sql<boolean>`${itemStock.isActive} and ${product.isActive}`,
});

/** `%` and `_` typed by staff are letters, not wildcards. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;

/** Every variant, by product name, searchable by product name or SKU, a page at a time. */
export async function listStock(filter: StockFilter): Promise<{ rows: StockRow[]; total: number }> {
  const at = now();
  const where = and(
    filter.q ? or(ilike(product.name, containing(filter.q)), ilike(itemStock.sku, containing(filter.q))) : undefined,
    filter.inactive ? undefined : and(eq(itemStock.isActive, true), eq(product.isActive, true)),
    filter.soldOut ? sql`${availableQuantity(at)} = 0` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(stockRowFields(at))
      .from(itemStock)
      .innerJoin(product, eq(product.id, itemStock.productId))
      .where(where)
      .orderBy(asc(product.name), asc(product.id), asc(itemStock.color), asc(itemStock.id))
      .limit(STOCK_PAGE_SIZE)
      .offset((filter.page - 1) * STOCK_PAGE_SIZE),
    db.select({ count: count() }).from(itemStock).innerJoin(product, eq(product.id, itemStock.productId)).where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

// ---- One variant --------------------------------------------------------------

export type VariantStock = StockRow & {
  productId: number;
  productSlug: string;
  /** The threshold in force: the variant's own, else the shop default. */
  threshold: number;
  shopDefault: number;
  /** Open payment links holding its units, soonest to lapse first. */
  holds: Array<{ orderId: number; quantity: number; expiresAt: Date }>;
};

export async function variantStock(variantId: number): Promise<VariantStock | null> {
  const at = now();
  const [found] = await db
    .select({ ...stockRowFields(at), productId: product.id, productSlug: product.slug })
    .from(itemStock)
    .innerJoin(product, eq(product.id, itemStock.productId))
    .where(eq(itemStock.id, variantId));
  if (!found) return null;
  const [holds, shopDefault] = await Promise.all([
    db
      .select({ orderId: stockHold.orderId, quantity: stockHold.quantity, expiresAt: stockHold.expiresAt })
      .from(stockHold)
      .where(and(eq(stockHold.itemStockId, variantId), gt(stockHold.expiresAt, at)))
      .orderBy(asc(stockHold.expiresAt)),
    lowStockDefault(),
  ]);
  return { ...found, threshold: found.lowStockThreshold ?? shopDefault, shopDefault, holds };
}

export type MovementView = Pick<StockMovement, "id" | "reason" | "delta" | "quantityAfter" | "note" | "orderId" | "createdAt"> & {
  staffEmail: string | null;
};

/** The variant's ledger, newest first, a page at a time. */
export async function movementHistory(variantId: number, page: number): Promise<{ rows: MovementView[]; total: number }> {
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: stockMovement.id,
        reason: stockMovement.reason,
        delta: stockMovement.delta,
        quantityAfter: stockMovement.quantityAfter,
        note: stockMovement.note,
        orderId: stockMovement.orderId,
        createdAt: stockMovement.createdAt,
        staffEmail: users.email,
      })
      .from(stockMovement)
      .leftJoin(users, eq(users.id, stockMovement.staffUserId))
      .where(eq(stockMovement.itemStockId, variantId))
      .orderBy(desc(stockMovement.createdAt), desc(stockMovement.id))
      .limit(HISTORY_PAGE_SIZE)
      .offset((page - 1) * HISTORY_PAGE_SIZE),
    db.select({ count: count() }).from(stockMovement).where(eq(stockMovement.itemStockId, variantId)),
  ]);
  return { rows, total: total?.count ?? 0 };
}

// ---- Staff changes: each one ledger movement (or setting) and its audit entry, in one transaction ----

const UNKNOWN_VARIANT: ActionState = { ok: false, message: "This variant no longer exists." };
const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`;

/** Units delivered: added to what is on hand. */
export async function restockVariant(actor: Actor, input: z.infer<typeof restockSchema>): Promise<ActionState> {
  return stockChange(db.transaction(async (tx) => {
    const after = await moveStock(tx, input.variantId, input.units, { reason: "restock", note: input.note, staffUserId: actor.id });
    if (after === null) return UNKNOWN_VARIANT;
    await recordAudit(tx, actor, {
      entityType: "variant",
      entityId: input.variantId,
      action: "restock",
      before: { quantity: after - input.units },
      after: { quantity: after, note: input.note },
    });
    return { ok: true, message: `Restocked ${units(input.units)}: ${after} on hand.` };
  }));
}

/**
 * A stocktake: what is on the shelf becomes the quantity. Counting fewer
 * than open payment links hold is allowed (the shelf is what it is) but
 * said loudly: if those links are paid, the shortfall is refunded.
 */
export async function countVariant(actor: Actor, input: z.infer<typeof countSchema>): Promise<ActionState> {
  return stockChange(db.transaction(async (tx) => {
    const delta = await countStock(tx, input.variantId, input.counted, { note: input.note, staffUserId: actor.id });
    if (delta === null) return UNKNOWN_VARIANT;
    await recordAudit(tx, actor, {
      entityType: "variant",
      entityId: input.variantId,
      action: "count",
      before: { quantity: input.counted - delta },
      after: { quantity: input.counted, note: input.note },
    });
    // Not a one-table select: Drizzle would drop the table names inside heldQuantity's subquery there.
    const { rows } = await tx.execute<{ held: number }>(sql`select ${heldQuantity(sql`${input.variantId}::int`)} as held`);
    const held = rows[0]?.held ?? 0;
    const counted = `Counted ${input.counted} (${formatDelta(delta)}).`;
    if (input.counted >= held) return { ok: true, message: counted };
    return {
      ok: true,
      message: `${counted} Warning: open payment links hold ${units(held)}, more than the ${input.counted} counted. If they are all paid, ${units(held - input.counted)} will be refunded as sold out.`,
    };
  }));
}

/** Units found or lost, with the reason written down; never below zero. */
export async function correctVariant(actor: Actor, input: z.infer<typeof correctionSchema>): Promise<ActionState> {
  const delta = input.direction === "remove" ? -input.units : input.units;
  return stockChange(db.transaction(async (tx) => {
    // Fewer units: confirms waiting on the variant decide on what is left (see lockStock).
    if (delta < 0) await lockStock(tx, [input.variantId]);
    const after = await moveStock(tx, input.variantId, delta, { reason: "correction", note: input.note, staffUserId: actor.id });
    if (after === null) {
      const [current] = await tx.select({ quantity: itemStock.quantity }).from(itemStock).where(eq(itemStock.id, input.variantId));
      if (!current) return UNKNOWN_VARIANT;
      const message = `Only ${units(current.quantity)} on hand: removing ${input.units} would go below zero. Nothing changed.`;
      return { ok: false, message, fieldErrors: { correctionUnits: [message] } };
    }
    await recordAudit(tx, actor, {
      entityType: "variant",
      entityId: input.variantId,
      action: "correction",
      before: { quantity: after - delta },
      after: { quantity: after, note: input.note },
    });
    return { ok: true, message: `Corrected by ${formatDelta(delta)}: ${after} on hand.` };
  }));
}

/** The variant's own low-stock alert level; null follows the shop default. */
export async function setVariantThreshold(actor: Actor, input: z.infer<typeof thresholdSchema>): Promise<ActionState> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ threshold: itemStock.lowStockThreshold })
      .from(itemStock)
      .where(eq(itemStock.id, input.variantId))
      .for("update");
    if (!current) return UNKNOWN_VARIANT;
    const described = input.threshold === null ? "the shop default" : String(input.threshold);
    if (current.threshold === input.threshold) return { ok: true, message: `The threshold already is ${described}.` };
    await tx.update(itemStock).set({ lowStockThreshold: input.threshold }).where(eq(itemStock.id, input.variantId));
    await recordAudit(tx, actor, {
      entityType: "variant",
      entityId: input.variantId,
      action: "set low-stock threshold",
      before: { lowStockThreshold: current.threshold },
      after: { lowStockThreshold: input.threshold },
    });
    return { ok: true, message: `Low-stock threshold set to ${described}.` };
  });
}
