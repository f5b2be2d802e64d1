import { z } from "zod";

/** How results can be ordered; "relevance" only means something with words to match. */
export const SEARCH_SORTS = ["relevance", "newest", "price-asc", "price-desc", "best-selling"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Everything a search page shows, as it reads in the URL (prices in whole pesos). */
export type SearchParams = {
  q: string;
  category?: string;
  size?: string;
  color?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock: boolean;
  sort: SearchSort;
  page: number;
};

const MAX_QUERY_LENGTH = 100;
/** The dearest price a filter can name, in pesos: past it a number means nothing to the shop. */
const MAX_PRICE_PESOS = 100_000_000;

// A value the shopper left empty or mangled is dropped, never an error: the page falls back to
// its default for that part and keeps the rest.
const text = z.string().trim().min(1).max(60).optional().catch(undefined);
const pesos = z.string().trim().regex(/^\d{1,9}$/).transform(Number).pipe(z.number().max(MAX_PRICE_PESOS)).optional().catch(undefined);

const schema = z.object({
  q: z.string().transform((q) => q.trim().replace(/\s+/g, " ").slice(0, MAX_QUERY_LENGTH)).catch(""),
  category: text,
  size: text,
  color: text,
  minPrice: pesos,
  maxPrice: pesos,
  inStock: z.enum(["1", "on", "true"]).transform(() => true).catch(false),
  sort: z.enum(SEARCH_SORTS).optional().catch(undefined),
  page: z.string().regex(/^\d{1,6}$/).transform(Number).pipe(z.number().min(1)).catch(1),
});

/** Reads a search URL's query string; anything that does not parse falls back to its default. */
export function parseSearchParams(raw: Record<string, string | string[] | undefined>): SearchParams {
  const parsed = schema.parse({ q: "", inStock: "", page: "1", ...raw });
  const { minPrice, maxPrice } = parsed;
  // "From 50,000 to 10,000" means between the two.
  const [low, high] = minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice ? [maxPrice, minPrice] : [minPrice, maxPrice];
  const sort = parsed.sort === "relevance" && parsed.q === "" ? undefined : parsed.sort;
  return { ...parsed, minPrice: low, maxPrice: high, sort: sort ?? defaultSort(parsed.q) };
}

export const defaultSort = (q: string): SearchSort => (q === "" ? "newest" : "relevance");

/** Whether anything narrows the results besides the words. */
export function hasFilters(params: SearchParams): boolean {
  return [params.category, params.size, params.color, params.minPrice, params.maxPrice].some((v) => v !== undefined) || params.inStock;
}

/**
 * The query string of a search page: `params` with `changes` applied,
 * defaults left out (so links stay short), and page 1 unless a page is named.
 */
export function searchQueryString(params: SearchParams, changes: Partial<SearchParams> = {}): string {
  const next = { ...params, page: 1, ...changes };
  const query = new URLSearchParams();
  if (next.q) query.set("q", next.q);
  for (const key of ["category", "size", "color", "minPrice", "maxPrice"] as const) {
    const value = next[key];
    if (value !== undefined) query.set(key, String(value));
  }
  if (next.inStock) query.set("inStock", "1");
  if (next.sort !== defaultSort(next.q)) query.set("sort", next.sort);
  if (next.page > 1) query.set("page", String(next.page));
  const search = query.toString();
  return search ? `?${search}` : "";
}
