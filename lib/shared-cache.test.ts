import { describe, expect, it } from "vitest";
import { createSharedCache } from "./shared-cache";

/** A cache on a clock the test moves, and a read that counts its calls. */
function setup(ttlMs = 5_000, maxEntries?: number) {
  let at = 0;
  const cache = createSharedCache({ ttlMs, maxEntries, clock: () => at });
  let reads = 0;
  const read = (value: unknown = `value ${reads + 1}`) => async () => {
    reads += 1;
    return value;
  };
  return { cache, read, reads: () => reads, advance: (ms: number) => void (at += ms) };
}

/** A read that waits for the test to finish it. */
function deferred<T>() {
  let finish!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (finish = resolve));
  return { read: () => promise, finish };
}

describe("shared cache", () => {
  it("serves an entry until its time to live is up, never after", async () => {
    const { cache, read, reads, advance } = setup();
    expect(await cache.get("k", ["t"], read())).toBe("value 1");
    advance(4_999);
    expect(await cache.get("k", ["t"], read())).toBe("value 1");
    advance(1);
    expect(await cache.get("k", ["t"], read())).toBe("value 2");
    expect(reads()).toBe(2);
  });

  it("counts an entry's age from when its read started", async () => {
    const { cache, advance } = setup();
    const slow = deferred<string>();
    const first = cache.get("k", ["t"], slow.read);
    advance(3_000);
    slow.finish("slow");
    expect(await first).toBe("slow");
    advance(2_000);
    expect(await cache.get("k", ["t"], async () => "fresh")).toBe("fresh");
  });

  it("drops the entries of an invalidated tag at once, and only those", async () => {
    const { cache, read, reads } = setup();
    await cache.get("a", ["stock", "catalog"], read());
    await cache.get("b", ["catalog"], read());
    cache.invalidate(["stock"]);
    expect(await cache.get("a", ["stock", "catalog"], read())).toBe("value 3");
    expect(await cache.get("b", ["catalog"], read())).toBe("value 2");
    expect(reads()).toBe(3);
  });

  it("does not keep a read that started before an invalidation", async () => {
    const { cache } = setup();
    const before = deferred<string>();
    const first = cache.get("k", ["stock"], before.read);
    cache.invalidate(["stock"]);
    // A request after the change does not join the read from before it.
    const second = cache.get("k", ["stock"], async () => "after");
    before.finish("before");
    expect(await first).toBe("before");
    expect(await second).toBe("after");
    expect(await cache.get("k", ["stock"], async () => "third")).toBe("after");
  });

  it("shares one read between concurrent misses", async () => {
    const { cache, read, reads } = setup();
    const values = await Promise.all([1, 2, 3].map(() => cache.get("k", ["t"], read("once"))));
    expect(values).toEqual(["once", "once", "once"]);
    expect(reads()).toBe(1);
  });

  it("keeps nothing from a failed read", async () => {
    const { cache } = setup();
    await expect(cache.get("k", ["t"], () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cache.get("k", ["t"], async () => "recovered")).toBe("recovered");
  });

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const { cache, read } = setup(5_000, 2);
    await cache.get("a", ["t"], read("a"));
    await cache.get("b", ["t"], read("b"));
    await cache.get("a", ["t"], read("a again"));
    await cache.get("c", ["t"], read("c"));
    expect(cache.size()).toBe(2);
    expect(await cache.get("a", ["t"], read("a reread"))).toBe("a");
    expect(await cache.get("b", ["t"], read("b reread"))).toBe("b reread");
  });

  it("hands out values no request can change for the next", async () => {
    const { cache } = setup();
    const value = await cache.get("k", ["t"], async () => ({ variants: [{ available: 3 }] }));
    expect(() => value.variants.push({ available: 9 })).toThrow();
    expect(() => {
      (value.variants[0] as { available: number }).available = 0;
    }).toThrow();
  });
});
