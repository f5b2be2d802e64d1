import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { itemStock, product } from "@/db/schema";
import { isProductSlug } from "./forms";
import { imageStore } from "./images/store";
import { toProductPhoto, type ProductPhoto } from "./product-photos";
import { availableQuantity } from "./stock";

export type ProductSummary = {
  slug: string;
  name: string;
  category: string;
  priceMinor: number;
  currency: string;
  image: string;
  isSoldOut: boolean;
  colors: string[];
};

export type Variant = { id: number; size: string; color: string; sku: string | null; available: number };

export type ProductDetail = Omit<ProductSummary, "isSoldOut" | "colors"> & {
  description: string;
  variants: Variant[];
  /** Every photo of the product, shared ones first, then by colour and position. */
  photos: ProductPhoto[];
};

const SIZE_ORDER = ["XXS", "XS", "S", "M", "L", "XL", "XXL"];

/** Sorts sizes as a shopper reads them: XS before S before M, 28 before 30. */
export function compareSizes(a: string, b: string): number {
  const [ia, ib] = [SIZE_ORDER.indexOf(a), SIZE_ORDER.indexOf(b)];
  if (ia >= 0 && ib >= 0) return ia - ib;
  const [na, nb] = [Number(a), Number(b)];
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b);
}

/**
 * Whether the storefront shows the current product: it is active and has an
 * active size and colour. Deactivating either hides it at once.
 */
export const isOnSale = and(
  eq(product.isActive, true),
  sql`exists (select 1 from ${itemStock} where ${itemStock.productId} = ${product.id} and ${itemStock.isActive})`,
);

export async function listCategories(): Promise<string[]> {
  const rows = await db
    .selectDistinct({ category: product.category })
    .from(product)
    .where(isOnSale)
    .orderBy(asc(product.category));
  return rows.map((r) => r.category);
}

export async function listProducts(category?: string): Promise<ProductSummary[]> {
  const available = availableQuantity();
  const rows = await db
    .select({
      slug: product.slug,
      name: product.name,
      category: product.category,
      priceMinor: product.priceMinor,
      currency: product.currency,
      image: product.image,
      available: sql<number>`coalesce(sum(${available}) filter (where ${itemStock.isActive}), 0)::int`,
      colors: sql<string[]>`array_agg(distinct ${itemStock.color}) filter (where ${itemStock.isActive})`,
    })
    .from(product)
    .leftJoin(itemStock, eq(itemStock.productId, product.id))
    .where(and(isOnSale, category ? eq(product.category, category) : undefined))
    .groupBy(product.id)
    .orderBy(asc(product.id));
  return rows.map(({ available: units, ...rest }) => ({ ...rest, isSoldOut: units === 0 }));
}

export async function getProduct(slug: string): Promise<ProductDetail | null> {
  // A URL segment can be anything ("%00" fails the query itself); only a slug's shape can name a product.
  if (!isProductSlug(slug)) return null;
  const [found] = await db
    .select()
    .from(product)
    .where(and(eq(product.slug, slug), isOnSale));
  if (!found) return null;
  const [variants, images] = await Promise.all([
    db
      .select({ id: itemStock.id, size: itemStock.size, color: itemStock.color, sku: itemStock.sku, available: availableQuantity() })
      .from(itemStock)
      .where(and(eq(itemStock.productId, found.id), eq(itemStock.isActive, true)))
      .orderBy(asc(itemStock.id)),
    imageStore.list(found.id),
  ]);
  return {
    slug: found.slug,
    name: found.name,
    category: found.category,
    description: found.description,
    priceMinor: found.priceMinor,
    currency: found.currency,
    image: found.image,
    variants: variants.sort((a, b) => compareSizes(a.size, b.size)),
    photos: images.map((image) => toProductPhoto(image, found.name)),
  };
}

/**
 * The colour and size a product page shows: the shopper's choice when the
 * product has it, else the first colour with stock and its first size in
 * stock. `variant` is null when the colour is sold out in every size.
 */
export function chooseVariant(found: Pick<ProductDetail, "variants">, asked: { color?: string; size?: string }): { color: string; variant: Variant | null } {
  const inStock = found.variants.filter((v) => v.available > 0);
  const color = asked.color && found.variants.some((v) => v.color === asked.color) ? asked.color : (inStock[0] ?? found.variants[0])?.color;
  const ofColor = found.variants.filter((v) => v.color === color);
  const variant = ofColor.find((v) => v.size === asked.size && v.available > 0) ?? ofColor.find((v) => v.available > 0) ?? null;
  return { color: color ?? "", variant };
}
