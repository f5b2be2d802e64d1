import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { itemStock, product } from "@/db/schema";
import { recordAudit, type Actor } from "../audit";
import { catalogChange } from "../catalog-cache";
import { violatedUnique } from "../db-errors";
import { openLedger } from "../stock";
import { databaseIdField } from "../forms";
import { isUnchanged, singleLine, type SaveResult } from "./products";

const variantFields = {
  size: singleLine("Enter a size, like M or 42", 20),
  color: singleLine("Enter a colour", 40),
  /** Blank means none; stored in capitals, so "tee-m" and "TEE-M" are one SKU. */
  sku: z
    .string()
    .trim()
    .toUpperCase()
    .max(40, "Use at most 40 characters")
    .regex(/^([A-Z0-9][A-Z0-9._-]*)?$/, "Use letters, digits, dots, hyphens and underscores")
    .transform((sku) => sku || null)
    .default(null),
};

export const newVariantSchema = z.object({
  productId: databaseIdField,
  ...variantFields,
  quantity: z
    .string({ error: "Enter the units on hand" })
    .trim()
    .regex(/^\d{1,5}$/, "Enter the units on hand as a whole number from 0 to 99999")
    .transform(Number),
});

export const variantSchema = z.object({
  variantId: databaseIdField,
  ...variantFields,
  isActive: z.literal("on").optional().transform((checked) => checked === "on"),
});

type VariantFields = { size: string; color: string; sku: string | null; isActive: boolean };

const pick = (row: typeof itemStock.$inferSelect): VariantFields & { productId: number } => ({
  productId: row.productId, size: row.size, color: row.color, sku: row.sku, isActive: row.isActive,
});

/**
 * The unique indexes decide (so two saves racing for one size and colour,
 * or one SKU, get one variant and one field error).
 */
function duplicateOr(error: unknown, fields: { size: string; color: string; sku: string | null }): SaveResult {
  const constraint = violatedUnique(error);
  if (constraint === "item_stock_variant_unique") {
    const message = `This product already has size ${fields.size} in ${fields.color}.`;
    return { ok: false, message, fieldErrors: { size: [message], color: [message] } };
  }
  if (constraint === "item_stock_sku_unique") {
    const message = `The SKU ${fields.sku} is already used by another variant.`;
    return { ok: false, message, fieldErrors: { sku: [message] } };
  }
  throw error;
}

/** Adds a size and colour with the units already on the shelf, opening its stock ledger. */
export async function addVariant(actor: Actor, input: z.infer<typeof newVariantSchema>): Promise<SaveResult> {
  const { productId, quantity, ...fields } = input;
  try {
    return await catalogChange(db.transaction(async (tx) => {
      const [parent] = await tx.select({ id: product.id }).from(product).where(eq(product.id, productId)).for("share");
      if (!parent) return { ok: false, message: "That product no longer exists." };
      const [row] = await tx.insert(itemStock).values({ productId, ...fields, quantity }).returning();
      if (!row) throw new Error("variant was not created");
      await openLedger(tx, [row], { note: "Opening balance", staffUserId: actor.id });
      await recordAudit(tx, actor, { entityType: "variant", entityId: row.id, action: "add variant", after: { ...pick(row), quantity } });
      return { ok: true, id: row.id, message: `Added ${row.size}, ${row.color} with ${quantity} on hand.` };
    }));
  } catch (error) {
    return duplicateOr(error, fields);
  }
}

/** Edits a variant's size, colour, SKU and whether it is sold; its units change only through the stock screens. */
export async function updateVariant(actor: Actor, input: z.infer<typeof variantSchema>): Promise<SaveResult> {
  const { variantId } = input;
  const after: VariantFields = { size: input.size, color: input.color, sku: input.sku, isActive: input.isActive };
  try {
    return await catalogChange(db.transaction(async (tx) => {
      const [current] = await tx.select().from(itemStock).where(eq(itemStock.id, variantId)).for("update");
      if (!current) return { ok: false, message: "That variant no longer exists." };
      const { productId, ...before } = pick(current);
      if (isUnchanged(before, after)) return { ok: true, id: variantId, message: "Nothing to save: no field changed." };
      await tx.update(itemStock).set(after).where(eq(itemStock.id, variantId));
      await recordAudit(tx, actor, { entityType: "variant", entityId: variantId, action: "edit variant", before: { productId, ...before }, after: { productId, ...after } });
      return { ok: true, id: variantId, message: `Saved ${after.size}, ${after.color}.` };
    }));
  } catch (error) {
    return duplicateOr(error, after);
  }
}
