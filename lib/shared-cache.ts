/**
 * A small in-process cache for reads every visitor shares (the catalog, a
 * product, search results), with tags and a hard time to live.
 *
 * Why not Next's `unstable_cache`: after its `revalidate` it serves the stale
 * entry once more and refreshes it in the background (stale-while-revalidate),
 * so a page read after a quiet minute could show availability a minute old —
 * we promise at most 5 seconds. It also writes every entry to the build
 * folder's disk cache, and needs Next's request context (tests and jobs run
 * without one). This one is a Map: an entry older than its TTL is never
 * served, invalidating a tag drops its entries at once, and it works the
 * same in a request, a job or a test.
 *
 * It is per process: invalidation reaches this instance only; on the others
 * the TTL bounds how stale a read can be. Nothing per visitor may go in:
 * keys and values are shared by everyone who asks.
 */

/**
 * How old availability shown on any instance may be: a page is rendered from
 * cached reads at most DATA_TTL_MS old and then served from the page cache
 * for at most PAGE_TTL_MS, so what a shopper sees is never older than the sum.
 */
export const FRESHNESS_MS = 5_000;
export const DATA_TTL_MS = 2_000;
export const PAGE_TTL_MS = FRESHNESS_MS - DATA_TTL_MS;

/**
 * Tags: `catalog` — what is on sale, names, prices, categories, sizes,
 * colours, photos (back-office edits); `stock` — availability (stock moves
 * and holds: confirm, finalize, rejection, supersede, expiry, staff counts).
 */
export const CATALOG_TAG = "catalog";
export const STOCK_TAG = "stock";

type Entry = { value: unknown; storedAt: number; tags: readonly string[]; weight: number };
type Flight = { promise: Promise<unknown>; startedSeq: number; tags: readonly string[] };

export type SharedCacheOptions = {
  /** How long an entry may be served after its read started. */
  ttlMs: number;
  /** Entries kept at most; the least recently used go first. */
  maxEntries?: number;
  /** With `weigh`: the total weight kept at most (bytes, say), least recently used first out. */
  maxWeight?: number;
  weigh?: (value: unknown) => number;
  /** A monotonic clock in milliseconds; tests inject theirs. */
  clock?: () => number;
};

export type SharedCache = {
  /** The cached value for `key`, or what `read` returns (stored unless a tag was invalidated meanwhile). */
  get<T>(key: string, tags: readonly string[], read: () => Promise<T>): Promise<T>;
  /** Drops every entry with any of these tags, and keeps reads already under way from storing. */
  invalidate(tags: readonly string[]): void;
  size(): number;
};

export function createSharedCache({
  ttlMs, maxEntries = 1000, maxWeight = Infinity, weigh = () => 0, clock = () => performance.now(),
}: SharedCacheOptions): SharedCache {
  const entries = new Map<string, Entry>();
  let weight = 0;
  const drop = (key: string) => {
    weight -= entries.get(key)?.weight ?? 0;
    entries.delete(key);
  };
  const flights = new Map<string, Flight>();
  // Each invalidation takes the next number; a read remembers the number current when it started.
  let seq = 0;
  const invalidatedAt = new Map<string, number>();
  const invalidatedSince = (tags: readonly string[], startedSeq: number) => tags.some((tag) => (invalidatedAt.get(tag) ?? 0) > startedSeq);

  return {
    async get<T>(key: string, tags: readonly string[], read: () => Promise<T>): Promise<T> {
      const entry = entries.get(key);
      if (entry && clock() - entry.storedAt < ttlMs) {
        // Most recently used last: the oldest key is the first to go.
        entries.delete(key);
        entries.set(key, entry);
        return entry.value as T;
      }
      if (entry) drop(key);
      // Concurrent misses share one read, unless it started before an invalidation.
      const flight = flights.get(key);
      if (flight && !invalidatedSince(flight.tags, flight.startedSeq)) return flight.promise as Promise<T>;

      const startedSeq = seq;
      // The read's age counts from its start: the data can be no older than that.
      const startedAt = clock();
      const promise = read().then((value) => {
        const size = weigh(value);
        if (!invalidatedSince(tags, startedSeq) && size <= maxWeight) {
          drop(key);
          entries.set(key, { value: deepFreeze(value), storedAt: startedAt, tags, weight: size });
          weight += size;
          while (entries.size > maxEntries || weight > maxWeight) drop(entries.keys().next().value as string);
        }
        return value;
      });
      flights.set(key, { promise, startedSeq, tags });
      const land = () => {
        if (flights.get(key)?.promise === promise) flights.delete(key);
      };
      promise.then(land, land);
      return promise;
    },

    invalidate(tags: readonly string[]): void {
      seq += 1;
      for (const tag of tags) invalidatedAt.set(tag, seq);
      for (const [key, entry] of entries) {
        if (entry.tags.some((tag) => tags.includes(tag))) drop(key);
      }
    },

    size: () => entries.size,
  };
}

const REGISTRY = Symbol.for("percha.shared-caches");
const registry = () => ((globalThis as { [REGISTRY]?: Map<string, SharedCache> })[REGISTRY] ??= new Map());

/**
 * The process's cache named `name`, made on first use. Next's bundles (pages,
 * actions, the instance's jobs) and the shop's server each load their own
 * copy of this module; through globalThis they all get the same caches.
 */
export function processCache(name: string, options: SharedCacheOptions): SharedCache {
  const caches = registry();
  let cache = caches.get(name);
  if (!cache) caches.set(name, (cache = createSharedCache(options)));
  return cache;
}

/** Drops what carries any of these tags from every cache of the process (cached reads and cached pages alike). */
export function invalidateProcessCaches(tags: readonly string[]): void {
  for (const cache of registry().values()) cache.invalidate(tags);
}

/** Shared values are read by many requests at once: none may change one. */
function deepFreeze<T>(value: T): T {
  // A Buffer cannot be frozen; the page cache's are never written to.
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
