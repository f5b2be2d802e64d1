import "server-only";
import { and, asc, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { itemStock, order, orderItem, product, productSearchName } from "@/db/schema";
import { compareSizes, isOnSale, listCategories, type ProductSummary } from "./catalog";
import { now } from "./clock";
import type { SearchParams, SearchSort } from "./search-params";
import { availableQuantity } from "./stock";

export const SEARCH_PAGE_SIZE = 24;
/** "Best selling" counts units of paid orders placed this many days back. */
export const BEST_SELLING_DAYS = 90;
/**
 * How much of the shopper's word must appear in a name for a typo to match
 * (pg_trgm word similarity): 0.5 forgives one wrong, missing or extra letter
 * in a word of five or more ("hoodei", "chinso", "jaccket"); pg_trgm's
 * default, 0.6, misses most of them.
 */
const TYPO_THRESHOLD = 0.5;

export type SearchFacets = { categories: string[]; sizes: string[]; colors: string[] };

export type SearchResults = {
  /** The search as run: values the shop does not have are dropped, the page kept within the results. */
  params: SearchParams;
  /** Values of the URL the shop does not have (a category, size or colour), dropped from the search. */
  dropped: Array<{ filter: "category" | "size" | "color"; value: string }>;
  products: ProductSummary[];
  total: number;
  pageCount: number;
  facets: SearchFacets;
  /** With no results: the names closest in spelling to the words, to suggest. */
  closest: Array<{ slug: string; name: string }>;
};

/** The categories, sizes and colours a shopper can filter by: those of products on sale. */
export async function searchFacets(): Promise<SearchFacets> {
  const variants = and(eq(itemStock.isActive, true), isOnSale);
  const [categories, sizes, colors] = await Promise.all([
    listCategories(),
    db.selectDistinct({ value: itemStock.size }).from(itemStock).innerJoin(product, eq(product.id, itemStock.productId)).where(variants),
    db.selectDistinct({ value: itemStock.color }).from(itemStock).innerJoin(product, eq(product.id, itemStock.productId)).where(variants).orderBy(asc(itemStock.color)),
  ]);
  return { categories, sizes: sizes.map((s) => s.value).sort(compareSizes), colors: colors.map((c) => c.value) };
}

/**
 * The products on sale that match the words (Spanish or English stems,
 * accents folded, or a close spelling of a name or category) and every
 * filter, in the order asked, one page of them, with how many there are.
 */
export async function searchProducts(asked: SearchParams, pageSize = SEARCH_PAGE_SIZE): Promise<SearchResults> {
  const facets = await searchFacets();
  const dropped: SearchResults["dropped"] = [];
  const keep = (filter: "category" | "size" | "color", value: string | undefined, known: string[]) => {
    if (value === undefined || known.includes(value)) return value;
    dropped.push({ filter, value });
    return undefined;
  };
  const params: SearchParams = {
    ...asked,
    category: keep("category", asked.category, facets.categories),
    size: keep("size", asked.size, facets.sizes),
    color: keep("color", asked.color, facets.colors),
  };
  const where = matching(params);
  const found = await db.transaction(async (tx) => {
    // Local to this transaction: the pooled connection keeps pg_trgm's default for everyone else.
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_THRESHOLD)}, true)`);
    const [counted] = await tx.select({ total: sql<number>`count(*)::int` }).from(product).where(where);
    const total = counted?.total ?? 0;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(params.page, pageCount);
    // Best selling joins the units sold per product, summed once for the page rather than per product.
    const sold = params.sort === "best-selling" ? unitsSold(tx) : null;
    const query = tx
      .select({
        slug: product.slug,
        name: product.name,
        category: product.category,
        priceMinor: product.priceMinor,
        currency: product.currency,
        image: product.image,
        available: sql<number>`coalesce(sum(${availableQuantity()}), 0)::int`,
        colors: sql<string[]>`array_agg(distinct ${itemStock.color} order by ${itemStock.color})`,
      })
      .from(product)
      .leftJoin(itemStock, and(eq(itemStock.productId, product.id), eq(itemStock.isActive, true)))
      .$dynamic();
    const rows = await (sold ? query.leftJoin(sold, eq(sold.productId, product.id)) : query)
      .where(where)
      .groupBy(product.id, ...(sold ? [sold.units] : []))
      .orderBy(...ordering(params.sort, params.q, sold?.units))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    return {
      params: { ...params, page },
      dropped,
      products: rows.map(({ available, ...rest }) => ({ ...rest, isSoldOut: available === 0 })),
      total,
      pageCount,
      facets,
    };
  });
  return { ...found, closest: found.total === 0 ? await closestProducts(params.q) : [] };
}

/** Names closest in spelling to words that matched nothing: what the empty page suggests. */
export async function closestProducts(q: string, limit = 3): Promise<Array<{ slug: string; name: string }>> {
  if (q.trim() === "") return [];
  const similarity = sql<number>`word_similarity(percha_unaccent(lower(${q})), ${productSearchName})`;
  return db
    .select({ slug: product.slug, name: product.name })
    .from(product)
    .where(and(isOnSale, sql`${similarity} > 0.2`))
    .orderBy(desc(similarity), asc(product.id))
    .limit(limit);
}

const words = (q: string): SQL =>
  sql`(websearch_to_tsquery('spanish', percha_unaccent(${q})) || websearch_to_tsquery('english', percha_unaccent(${q})))`;

function matching(params: SearchParams): SQL | undefined {
  const { q, category, size, color, minPrice, maxPrice, inStock } = params;
  // One variant must satisfy the size, the colour and "in stock" together: "M in navy, in stock".
  const variant = and(
    eq(itemStock.productId, product.id),
    eq(itemStock.isActive, true),
    size === undefined ? undefined : eq(itemStock.size, size),
    color === undefined ? undefined : eq(itemStock.color, color),
    inStock ? sql`${availableQuantity()} > 0` : undefined,
  );
  return and(
    eq(product.isActive, true),
    sql`exists (select 1 from ${itemStock} where ${variant})`,
    q === "" ? undefined : sql`(${product.searchDocument} @@ ${words(q)} or percha_unaccent(lower(${q})) <% ${productSearchName})`,
    category === undefined ? undefined : eq(product.category, category),
    minPrice === undefined ? undefined : gte(product.priceMinor, minPrice * 100),
    maxPrice === undefined ? undefined : lte(product.priceMinor, maxPrice * 100),
  );
}

/** ORDER BY for `sort`; `unitsSold` is the joined units of unitsSold(), for best selling. */
function ordering(sort: SearchSort, q: string, unitsSold?: SQL.Aliased<number>): SQL[] {
  switch (sort) {
    case "relevance":
      // Whole words first (name over category over description), then the closest spelling.
      return [
        desc(sql`ts_rank(${product.searchDocument}, ${words(q)}) + word_similarity(percha_unaccent(lower(${q})), ${productSearchName})`),
        asc(product.id),
      ];
    case "newest":
      return [desc(product.createdAt), desc(product.id)];
    case "price-asc":
      return [asc(product.priceMinor), asc(product.id)];
    case "price-desc":
      return [desc(product.priceMinor), asc(product.id)];
    case "best-selling":
      return [desc(sql`coalesce(${unitsSold ?? sql`0`}, 0)`), asc(product.id)];
  }
}

/** Units per product in orders paid within BEST_SELLING_DAYS (placed in that window): a subquery to join. */
function unitsSold(tx: Transaction) {
  const since = new Date(now().getTime() - BEST_SELLING_DAYS * 24 * 60 * 60 * 1000);
  return tx
    .select({ productId: itemStock.productId, units: sql<number>`sum(${orderItem.quantity})::int`.as("units") })
    .from(orderItem)
    .innerJoin(order, eq(order.id, orderItem.orderId))
    .innerJoin(itemStock, eq(itemStock.id, orderItem.itemStockId))
    .where(and(eq(order.status, "paid"), gte(order.createdAt, since)))
    .groupBy(itemStock.productId)
    .as("sold");
}
