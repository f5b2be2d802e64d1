import "server-only";
import { getProduct, listCategories, listProducts, type ProductDetail, type ProductSummary } from "./catalog";
import { searchProducts, type SearchResults } from "./search";
import type { SearchParams } from "./search-params";
import { CATALOG_TAG, DATA_TTL_MS, invalidateProcessCaches, processCache, STOCK_TAG } from "./shared-cache";

/**
 * The storefront's shared reads, from cache: the catalog list and its
 * categories, a product with its variants' availability and photos, search
 * results. Pages read these; they take nothing about the visitor (the
 * header asks /api/visitor for the cart count and the account name), so one
 * shopper's entry is every shopper's.
 *
 * Only what is shown comes from here. Every decision — add to cart, the cart
 * review, confirm, finalize — reads the database itself (lib/cart.ts,
 * lib/checkout.ts, lib/payments/finalize.ts) and never calls these.
 */

const BOTH = [CATALOG_TAG, STOCK_TAG] as const;

// Invalidation reaches this instance only; on the others the TTL bounds how old a read can be.
const cache = processCache("catalog", { ttlMs: DATA_TTL_MS, maxEntries: 2000 });

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

/** After a commit that changed what is on sale or how it is shown (back office): cached reads and pages. */
export function catalogChanged(): void {
  invalidateProcessCaches(BOTH);
}

/** After a commit that changed availability (stock moves, holds taken or released): cached reads and pages. */
export function stockChanged(): void {
  invalidateProcessCaches([STOCK_TAG]);
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
