import "server-only";
import { and, asc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { auditLog, itemStock, product } from "@/db/schema";
import { recordAudit, type Actor, type AuditView } from "../audit";
import { catalogChange } from "../catalog-cache";
import { compareSizes } from "../catalog";
import { now } from "../clock";
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from "../forms";
import { violatedUnique } from "../db-errors";
import { imageStore, imageUrl, type ImageInfo } from "../images/store";
import { parsePesos, pesosText } from "./price";

/** What new products show on the storefront until it shows uploaded photos. */
export const PLACEHOLDER_IMAGE = "/products/placeholder.svg";

/** A one-line text field: trimmed, inner spaces collapsed. */
export const singleLine = (required: string, max: number) =>
  z.string({ error: required }).trim().overwrite((text) => text.replace(/\s+/g, " ")).min(1, required).max(max, `Use at most ${max} characters`);

/** The product form's fields, refilled as typed when the form is refused. */
export const PRODUCT_FORM_FIELDS = ["name", "slug", "description", "category", "price", "isActive"];

export const productSchema = z.object({
  name: singleLine("Enter the product's name", 120),
  slug: z
    .string({ error: "Enter a slug" })
    .trim()
    .min(1, "Enter a slug")
    .max(MAX_SLUG_LENGTH, `Use at most ${MAX_SLUG_LENGTH} characters`)
    .regex(SLUG_PATTERN, "Use lowercase letters, digits and single hyphens, like linen-shirt"),
  description: z.string({ error: "Describe the product" }).trim().min(1, "Describe the product").max(2000, "Use at most 2000 characters"),
  category: singleLine("Choose or type a category", 60),
  price: z.string({ error: "Enter the price" }).transform((typed, ctx) => {
    const parsed = parsePesos(typed);
    if (parsed.ok) return parsed.minor;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }),
  isActive: z.literal("on").optional().transform((checked) => checked === "on"),
});

export type ProductInput = z.infer<typeof productSchema>;

/** The fields staff edit, as audited before and after. */
export type ProductFields = { name: string; slug: string; description: string; category: string; priceMinor: number; isActive: boolean };

export type SaveResult =
  | { ok: true; id: number; message: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** Whether saving `after` would change nothing (then nothing is written or audited). */
export function isUnchanged<T extends object>(before: T, after: T): boolean {
  return (Object.keys(after) as Array<keyof T>).every((key) => before[key] === after[key]);
}

/** A product's fields as the form shows them, to fill it from the database or refill it after a refusal. */
export function productFormValues(f: ProductFields): Record<string, string> {
  return { name: f.name, slug: f.slug, description: f.description, category: f.category, price: pesosText(f.priceMinor), isActive: f.isActive ? "on" : "" };
}

const NOT_FOUND: SaveResult = { ok: false, message: "That product no longer exists." };

export const productFields = (input: ProductInput): ProductFields => ({
  name: input.name, slug: input.slug, description: input.description, category: input.category, priceMinor: input.price, isActive: input.isActive,
});

const pick = (row: typeof product.$inferSelect): ProductFields => ({
  name: row.name, slug: row.slug, description: row.description, category: row.category, priceMinor: row.priceMinor, isActive: row.isActive,
});

/** The slug's unique constraint decides, so two saves racing for one slug get one product and one field error. */
function slugTakenOr(error: unknown, slug: string): SaveResult {
  if (violatedUnique(error) !== "product_slug_unique") throw error;
  const message = `The slug “${slug}” is already used by another product.`;
  return { ok: false, message, fieldErrors: { slug: [message] } };
}

export async function createProduct(actor: Actor, input: ProductInput): Promise<SaveResult> {
  try {
    return await catalogChange(db.transaction(async (tx) => {
      const [row] = await tx.insert(product).values({ ...productFields(input), image: PLACEHOLDER_IMAGE, createdAt: now() }).returning();
      if (!row) throw new Error("product was not created");
      await recordAudit(tx, actor, { entityType: "product", entityId: row.id, action: "create product", after: pick(row) });
      return { ok: true, id: row.id, message: `Created ${row.name}.` };
    }));
  } catch (error) {
    return slugTakenOr(error, input.slug);
  }
}

/** Saves the product's fields; the storefront and the next checkout read them from here at once. */
export async function updateProduct(actor: Actor, id: number, input: ProductInput): Promise<SaveResult> {
  try {
    return await catalogChange(db.transaction(async (tx) => {
      const [current] = await tx.select().from(product).where(eq(product.id, id)).for("update");
      if (!current) return NOT_FOUND;
      const before = pick(current);
      const after = productFields(input);
      if (isUnchanged(before, after)) return { ok: true, id, message: "Nothing to save: no field changed." };
      await tx.update(product).set(after).where(eq(product.id, id));
      await recordAudit(tx, actor, { entityType: "product", entityId: id, action: "edit product", before, after });
      return { ok: true, id, message: `Saved ${after.name}.` };
    }));
  } catch (error) {
    return slugTakenOr(error, input.slug);
  }
}

export const PRODUCTS_PER_PAGE = 25;

export type ProductRow = {
  id: number; name: string; slug: string; category: string; priceMinor: number; currency: string; isActive: boolean; variantCount: number;
};

/**
 * One page of products by name, optionally those whose name or slug
 * contains `search`. One row more than a page is read to know whether
 * another page follows, so no count of the whole table is needed.
 */
export async function listProductsForStaff(search: string, page: number): Promise<{ products: ProductRow[]; hasNext: boolean }> {
  const pattern = `%${search.replace(/[\\%_]/g, "\\$&")}%`;
  const rows = await db
    .select({
      id: product.id, name: product.name, slug: product.slug, category: product.category, priceMinor: product.priceMinor,
      currency: product.currency, isActive: product.isActive,
      variantCount: sql<number>`count(${itemStock.id})::int`,
    })
    .from(product)
    .leftJoin(itemStock, eq(itemStock.productId, product.id))
    .where(search ? or(ilike(product.name, pattern), ilike(product.slug, pattern)) : undefined)
    .groupBy(product.id)
    .orderBy(asc(product.name), asc(product.id))
    .limit(PRODUCTS_PER_PAGE + 1)
    .offset((page - 1) * PRODUCTS_PER_PAGE);
  return { products: rows.slice(0, PRODUCTS_PER_PAGE), hasNext: rows.length > PRODUCTS_PER_PAGE };
}

export type StaffVariant = { id: number; size: string; color: string; sku: string | null; quantity: number; isActive: boolean };

export type StaffProduct = ProductFields & {
  id: number;
  currency: string;
  variants: StaffVariant[];
  /** Colours of its variants, for the photo groups. */
  colors: string[];
  images: ImageInfo[];
};

/** A product with everything its back-office page shows; null when there is none. */
export async function productForStaff(id: number): Promise<StaffProduct | null> {
  const [row] = await db.select().from(product).where(eq(product.id, id));
  if (!row) return null;
  const variants = await db
    .select({ id: itemStock.id, size: itemStock.size, color: itemStock.color, sku: itemStock.sku, quantity: itemStock.quantity, isActive: itemStock.isActive })
    .from(itemStock)
    .where(eq(itemStock.productId, id));
  variants.sort((a, b) => a.color.localeCompare(b.color) || compareSizes(a.size, b.size));
  return {
    id: row.id,
    currency: row.currency,
    ...pick(row),
    variants,
    colors: [...new Set(variants.map((v) => v.color))],
    images: await imageStore.list(id),
  };
}

/**
 * The product's photos by colour as its page shows them: those for every
 * colour first, then each variant's colour (even with none yet), then any
 * colour no variant has any more.
 */
export function photoGroups(found: Pick<StaffProduct, "colors" | "images">) {
  const colors = [...new Set([...found.colors, ...found.images.flatMap((i) => (i.color ? [i.color] : []))])];
  return [null, ...colors].map((color) => ({
    label: color ?? "Every colour",
    photos: found.images.filter((i) => i.color === color).map((i) => ({ ...i, url: imageUrl(i) })),
  }));
}

/** Every category in use, for the product form's suggestions. */
export async function allCategories(): Promise<string[]> {
  const rows = await db.selectDistinct({ category: product.category }).from(product).orderBy(asc(product.category));
  return rows.map((r) => r.category);
}

export type HistoryEntry = AuditView & { subject: string };

/** What staff changed on a product and on its variants, newest first, to show on its page. */
export async function productHistory(found: Pick<StaffProduct, "id" | "variants">, limit = 100): Promise<HistoryEntry[]> {
  const variantLabels = new Map(found.variants.map((v) => [String(v.id), `${v.size}, ${v.color}`]));
  const rows = await db
    .select()
    .from(auditLog)
    .where(or(
      and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, String(found.id))),
      variantLabels.size > 0 ? and(eq(auditLog.entityType, "variant"), inArray(auditLog.entityId, [...variantLabels.keys()])) : undefined,
    ))
    .orderBy(sql`${auditLog.createdAt} desc`, sql`${auditLog.id} desc`)
    .limit(limit);
  return rows.map((r) => ({
    subject: r.entityType === "variant" ? `Variant ${variantLabels.get(r.entityId) ?? r.entityId}` : "Product",
    action: r.action, staffEmail: r.staffEmail, before: r.before, after: r.after, at: r.createdAt,
  }));
}
