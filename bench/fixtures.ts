/**
 * What the bench puts in its fresh database: the migrated schema, the demo
 * catalog (for the page benches) and four products of its own.
 */
import { and, asc, eq, gte, notLike } from "drizzle-orm";
import { db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { itemStock, product } from "@/db/schema";
import { seedCatalog } from "@/db/seed";
import { addToCart, newCartToken } from "@/lib/cart";
import { openLedger } from "@/lib/stock";

export type Fixtures = {
  /** The hot race's variant: `units` on hand. */
  hotVariantId: number;
  /** The cold race's variants: one unit each, one per shopper (`units` of them). */
  coldVariantIds: number[];
  /** One unit each, for the finalize warm-up before the races (not measured). */
  warmupVariantIds: number[];
  /** A row of its own for the raw guarded-update limit, far from empty. */
  limitVariantId: number;
  /** Plenty of stock each: the webhook route bench spreads its orders over them. */
  webhookVariantIds: number[];
  /** A demo product for the product-page bench. */
  productSlug: string;
};

export const LIMIT_START_QUANTITY = 100_000_000;
const WEBHOOK_VARIANTS = 20;
const BENCH_IMAGE = "/products/classic-tee.svg";

async function benchProduct(slug: string, name: string, isActive: boolean, variants: Array<{ size: string; quantity: number }>) {
  const [row] = await db
    .insert(product)
    .values({ slug, name, description: "A product the bench creates.", category: "T-shirts", priceMinor: 1_850_000, image: BENCH_IMAGE, isActive })
    .returning({ id: product.id });
  if (!row) throw new Error(`could not create ${slug}`);
  const created = await db
    .insert(itemStock)
    .values(variants.map((v) => ({ productId: row.id, size: v.size, color: "Black", quantity: v.quantity })))
    .returning({ id: itemStock.id, quantity: itemStock.quantity });
  await openLedger(db, created);
  return created.map((v) => v.id);
}

export async function seedBenchDatabase(units: number, warmupShoppers = 0): Promise<Fixtures> {
  await migrateDatabase();
  await seedCatalog();
  const [hotVariantId] = await benchProduct("bench-hot-tee", "Bench Hot Tee", true, [{ size: "M", quantity: units }]);
  // Variants of one unit: the cold race's (a row per shopper), then the warm-up's.
  const oneUnitVariants = await benchProduct(
    "bench-cold-tee",
    "Bench Cold Tee",
    true,
    Array.from({ length: units + warmupShoppers }, (_, i) => ({ size: `C${i + 1}`, quantity: 1 })),
  );
  // Inactive: the raw UPDATE does not care, and the catalog pages never show it.
  const [limitVariantId] = await benchProduct("bench-limit", "Bench Limit Row", false, [{ size: "M", quantity: LIMIT_START_QUANTITY }]);
  const webhookVariantIds = await benchProduct(
    "bench-webhook-tee",
    "Bench Webhook Tee",
    true,
    Array.from({ length: WEBHOOK_VARIANTS }, (_, i) => ({ size: `B${i + 1}`, quantity: 1_000_000 })),
  );
  if (hotVariantId === undefined || limitVariantId === undefined) throw new Error("bench variants were not created");
  return {
    hotVariantId, coldVariantIds: oneUnitVariants.slice(0, units), warmupVariantIds: oneUnitVariants.slice(units),
    limitVariantId, webhookVariantIds, productSlug: "classic-tee",
  };
}

/** A guest cart of `lines` demo products (one in-stock variant each, one unit); returns its cookie token. */
export async function filledGuestCart(lines: number): Promise<string> {
  const variants = await db
    .selectDistinctOn([itemStock.productId], { id: itemStock.id })
    .from(itemStock)
    .innerJoin(product, eq(product.id, itemStock.productId))
    .where(and(notLike(product.slug, "bench-%"), gte(itemStock.quantity, 2), eq(itemStock.isActive, true)))
    .orderBy(asc(itemStock.productId), asc(itemStock.id))
    .limit(lines);
  if (variants.length < lines) throw new Error(`the demo catalog has only ${variants.length} variants in stock`);
  const token = newCartToken();
  for (const variant of variants) {
    const added = await addToCart({ token }, variant.id, 1);
    if (!added.ok) throw new Error(`could not fill the bench cart: ${added.message}`);
  }
  return token;
}
