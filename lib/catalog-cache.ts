import "server-only";
import { getProduct, listCategories, listProducts, type ProductDetail, type ProductSummary } from "./catalog";
import { searchProducts, type SearchResults } from "./search";
import type { SearchParams } from "./search-params";
import { createSharedCache, type SharedCache } from "./shared-cache";

/**
 * The storefront's shared reads, from cache: the catalog list and its
 * categories, a product with its variants' availability and photos, search
 * results. Pages read these; they take nothing about the visitor (the cart
 * count and the account name are read per request by the layout), so one
 * shopper's entry is every shopper's.
 *
 * Only what is shown comes from here. Every decision — add to cart, the cart
 * review, confirm, finalize — reads the database itself (lib/cart.ts,
 * lib/checkout.ts, lib/payments/finalize.ts) and never calls these.
 */

/** Availability shown on any instance is at most this old: invalidation reaches one instance, this bounds the others. */
export const CATALOG_TTL_MS = 5_000;

/**
 * Tags: `catalog` — what is on sale, names, prices, categories, sizes,
 * colours, photos (back-office edits); `stock` — availability (stock moves
 * and holds: confirm, finalize, rejection, supersede, expiry, staff counts).
 */
export const CATALOG_TAG = "catalog";
export const STOCK_TAG = "stock";
const BOTH = [CATALOG_TAG, STOCK_TAG] as const;

// One cache per process, whichever bundle (pages, actions, the instance's jobs) loads this module.
const KEY = Symbol.for("percha.catalog-cache");
const holder = globalThis as { [KEY]?: SharedCache };
const cache = (holder[KEY] ??= createSharedCache({ ttlMs: CATALOG_TTL_MS, maxEntries: 2000 }));

export function cachedCategories(): Promise<string[]> {
  return cache.get("categories", [CATALOG_TAG], () => listCategories());
}

export function cachedProducts(category?: string): Promise<ProductSummary[]> {
  return cache.get(`products:${category ?? ""}`, BOTH, () => listProducts(category));
}

export function cachedProduct(slug: string): Promise<ProductDetail | null> {
  return cache.get(`product:${slug}`, BOTH, () => getProduct(slug));
}

export function cachedSearch(params: SearchParams): Promise<SearchResults> {
  return cache.get(`search:${JSON.stringify(params)}`, BOTH, () => searchProducts(params));
}

/** After a commit that changed what is on sale or how it is shown (back office). */
export function catalogChanged(): void {
  cache.invalidate(BOTH);
}

/** After a commit that changed availability: stock moves, holds taken or released. */
export function stockChanged(): void {
  cache.invalidate([STOCK_TAG]);
}

/** `committed`'s result, once its catalog change is committed and the cached reads it made stale are dropped. */
export async function catalogChange<T>(committed: Promise<T>): Promise<T> {
  const result = await committed;
  catalogChanged();
  return result;
}

/** `committed`'s result, once its stock change is committed and the cached availability it made stale is dropped. */
export async function stockChange<T>(committed: Promise<T>): Promise<T> {
  const result = await committed;
  stockChanged();
  return result;
}
