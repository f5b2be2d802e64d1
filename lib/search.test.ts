import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { order, orderItem, product, stockHold, type Order } from "@/db/schema";
import { createProduct, setStock } from "@/test/factories";
import { createOrder } from "@/test/orders";
import { now } from "./clock";
import { closestProducts, searchProducts } from "./search";
import { parseSearchParams, searchQueryString, type SearchParams } from "./search-params";

type Spec = { name: string; description?: string; priceMinor?: number; variants?: Array<{ size: string; color: string; quantity: number }> };

/** Products in a category of their own, so a search there sees only this test's rows. */
async function shelf(specs: Spec[]) {
  const category = `Search test ${randomBytes(4).toString("hex")}`;
  const made = [];
  for (const spec of specs) {
    const p = await createProduct(spec.variants ?? [{ size: "M", color: "Black", quantity: 5 }], spec.priceMinor);
    await db.update(product).set({ name: spec.name, category, description: spec.description ?? "A test product." }).where(eq(product.id, p.id));
    made.push({ ...p, name: spec.name });
  }
  return { category, products: made };
}

const search = (category: string, params: Record<string, string> = {}, pageSize?: number) =>
  searchProducts(parseSearchParams({ category, ...params }), pageSize);
const names = async (category: string, params: Record<string, string> = {}) =>
  (await search(category, params)).products.map((p) => p.name);

/** An order of `quantity` units of a variant, in `status`, placed at `createdAt`. */
async function sell(itemStockId: number, quantity: number, status: Order["status"] = "paid", createdAt = now()) {
  const [row] = await db.insert(order).values({
    status, email: "buyer@example.com", fullName: "Buyer", address: "Calle 1", city: "Rosario", postalCode: "2000",
    totalMinor: 1_000_000 * quantity, accessTokenHash: randomBytes(16).toString("hex"), cartFingerprint: "test", createdAt,
  }).returning({ id: order.id });
  if (!row) throw new Error("order not created");
  await db.insert(orderItem).values({
    orderId: row.id, itemStockId, quantity, productName: "x", productSlug: "x", image: "/x.svg", size: "M", color: "Black", unitPriceMinor: 1_000_000,
  });
}

describe("words", () => {
  it("match accents either way, Spanish and English stems, and the description", async () => {
    const { category } = await shelf([
      { name: "Camperón Acolchado" },
      { name: "Denim Jacket" },
      { name: "Plain Tee", description: "Soft organic cotton from Chaco." },
    ]);
    expect(await names(category, { q: "camperon" })).toEqual(["Camperón Acolchado"]);
    expect(await names(category, { q: "CAMPERÓN" })).toEqual(["Camperón Acolchado"]);
    expect(await names(category, { q: "camperones" })).toEqual(["Camperón Acolchado"]);
    expect(await names(category, { q: "jackets" })).toEqual(["Denim Jacket"]);
    expect(await names(category, { q: "organic" })).toEqual(["Plain Tee"]);
    expect(await names(category, { q: "quimono" })).toEqual([]);
  });

  it("forgive a one-letter typo (wrong, missing or extra letter)", async () => {
    const { category } = await shelf([{ name: "Fleece Hoodie" }, { name: "Relaxed Chinos" }]);
    expect(await names(category, { q: "hoodei" })).toEqual(["Fleece Hoodie"]);
    expect(await names(category, { q: "hodie" })).toEqual(["Fleece Hoodie"]);
    expect(await names(category, { q: "chinnos" })).toEqual(["Relaxed Chinos"]);
    expect(await names(category, { q: "xylophone" })).toEqual([]);
  });

  it("rank a name match above a description match", async () => {
    const { category } = await shelf([
      { name: "Plain Tee", description: "Goes with any linen trousers." },
      { name: "Linen Trousers" },
    ]);
    expect(await names(category, { q: "linen" })).toEqual(["Linen Trousers", "Plain Tee"]);
  });

  it("suggest the closest names when nothing matches", async () => {
    const token = `Zephyrine${randomBytes(3).toString("hex")}`;
    await shelf([{ name: `${token} Parka` }]);
    expect((await closestProducts(`${token.slice(0, -2)}qq parkas`)).map((p) => p.name)).toContain(`${token} Parka`);
    expect(await closestProducts("")).toEqual([]);
  });
});

describe("filters", () => {
  it("size, colour and price range narrow the results; unknown values are dropped", async () => {
    const { category } = await shelf([
      { name: "Small Black", priceMinor: 1_000_000, variants: [{ size: "S", color: "Black", quantity: 2 }] },
      { name: "Large Navy", priceMinor: 2_000_000, variants: [{ size: "L", color: "Navy", quantity: 2 }] },
      { name: "Both", priceMinor: 3_000_000, variants: [{ size: "S", color: "Navy", quantity: 2 }, { size: "L", color: "Black", quantity: 2 }] },
    ]);
    expect(await names(category, { size: "S", sort: "price-asc" })).toEqual(["Small Black", "Both"]);
    expect(await names(category, { color: "Navy", sort: "price-asc" })).toEqual(["Large Navy", "Both"]);
    // The size and the colour of one variant: "Both" has no small black.
    expect(await names(category, { size: "S", color: "Black" })).toEqual(["Small Black"]);
    expect(await names(category, { minPrice: "15000", maxPrice: "30000", sort: "price-asc" })).toEqual(["Large Navy", "Both"]);
    expect(await names(category, { minPrice: "20000", maxPrice: "20000" })).toEqual(["Large Navy"]);

    const unknown = await search(category, { color: "Ultraviolet Zebra" });
    expect(unknown.dropped).toEqual([{ filter: "color", value: "Ultraviolet Zebra" }]);
    expect(unknown.params.color).toBeUndefined();
    expect(unknown.total).toBe(3);
  });

  it("in stock only counts what is available now: on hand minus active holds", async () => {
    const { category, products } = await shelf([
      { name: "Plenty", variants: [{ size: "M", color: "Black", quantity: 4 }] },
      { name: "Held", variants: [{ size: "M", color: "Black", quantity: 1 }] },
      { name: "Counted out", variants: [{ size: "M", color: "Black", quantity: 3 }, { size: "L", color: "Black", quantity: 2 }] },
    ]);
    const [, held, countedOut] = products;
    if (!held?.variants[0] || !countedOut?.variants[0] || !countedOut.variants[1]) throw new Error("variants missing");
    const pending = await createOrder({ status: "pending_payment" });
    await db.insert(stockHold).values({ orderId: pending.id, itemStockId: held.variants[0].id, quantity: 1, expiresAt: new Date(now().getTime() + 3_600_000) });
    await setStock(countedOut.variants[0].id, 0);

    expect(await names(category, { inStock: "1", sort: "price-asc" })).toEqual(["Plenty", "Counted out"]);
    // Only its L is left: in stock in L, not in M.
    expect(await names(category, { inStock: "1", size: "M" })).toEqual(["Plenty"]);
    const all = await search(category, { sort: "price-asc" });
    expect(all.products.map((p) => [p.name, p.isSoldOut])).toEqual([["Plenty", false], ["Held", true], ["Counted out", false]]);

    // A hold past its expiry stops counting at once.
    await db.update(stockHold).set({ expiresAt: new Date(now().getTime() - 1000) }).where(eq(stockHold.orderId, pending.id));
    expect(await names(category, { inStock: "1", size: "M", sort: "price-asc" })).toEqual(["Plenty", "Held"]);
  });

  it("inactive products and variants never show", async () => {
    const { category, products } = await shelf([{ name: "Gone Hoodie" }, { name: "Kept Hoodie" }]);
    await db.update(product).set({ isActive: false }).where(eq(product.id, products[0]?.id ?? 0));
    expect(await names(category, { q: "hoodie" })).toEqual(["Kept Hoodie"]);
  });
});

describe("sort and pages", () => {
  it("sorts by newest, price both ways, and units sold in paid orders of the last 90 days", async () => {
    const { category, products } = await shelf([
      { name: "Old cheap", priceMinor: 1_000_000 },
      { name: "Middle", priceMinor: 3_000_000 },
      { name: "New dear", priceMinor: 5_000_000 },
    ]);
    const [oldCheap, middle, newDear] = products;
    if (!oldCheap || !middle || !newDear) throw new Error("products missing");
    const daysAgo = (days: number) => new Date(now().getTime() - days * 86_400_000);
    await db.update(product).set({ createdAt: daysAgo(30) }).where(eq(product.id, oldCheap.id));
    await db.update(product).set({ createdAt: daysAgo(10) }).where(eq(product.id, middle.id));

    expect(await names(category, { sort: "newest" })).toEqual(["New dear", "Middle", "Old cheap"]);
    expect(await names(category)).toEqual(["New dear", "Middle", "Old cheap"]);
    expect(await names(category, { sort: "price-asc" })).toEqual(["Old cheap", "Middle", "New dear"]);
    expect(await names(category, { sort: "price-desc" })).toEqual(["New dear", "Middle", "Old cheap"]);

    const variantOf = (p: typeof oldCheap) => p.variants[0]?.id ?? 0;
    await sell(variantOf(middle), 3);
    await sell(variantOf(oldCheap), 2);
    // Not sales, or not recent: unpaid, refunded, cancelled, and paid 120 days ago.
    await sell(variantOf(newDear), 50, "pending_payment");
    await sell(variantOf(newDear), 50, "refunded");
    await sell(variantOf(newDear), 50, "cancelled");
    await sell(variantOf(newDear), 50, "paid", daysAgo(120));
    expect(await names(category, { sort: "best-selling" })).toEqual(["Middle", "Old cheap", "New dear"]);
  });

  it("pages through the results and keeps the page within them", async () => {
    const { category } = await shelf([
      { name: "One", priceMinor: 1_000_000 }, { name: "Two", priceMinor: 2_000_000 }, { name: "Three", priceMinor: 3_000_000 },
    ]);
    const first = await search(category, { sort: "price-asc" }, 2);
    expect([first.total, first.pageCount, first.products.map((p) => p.name)]).toEqual([3, 2, ["One", "Two"]]);
    const second = await search(category, { sort: "price-asc", page: "2" }, 2);
    expect(second.products.map((p) => p.name)).toEqual(["Three"]);
    const beyond = await search(category, { sort: "price-asc", page: "99" }, 2);
    expect([beyond.params.page, beyond.products.map((p) => p.name)]).toEqual([2, ["Three"]]);
    const none = await search(category, { q: "nothing-like-it-at-all" }, 2);
    expect([none.total, none.pageCount, none.params.page, none.products]).toEqual([0, 1, 1, []]);
  });
});

describe("the URL", () => {
  const defaults: SearchParams = { q: "", inStock: false, sort: "newest", page: 1 };

  it("falls back to defaults for anything that does not parse", () => {
    expect(parseSearchParams({})).toEqual(defaults);
    expect(parseSearchParams({
      q: ["a", "b"], minPrice: "-5", maxPrice: "lots", inStock: "maybe", sort: "cheapest", page: "0", category: "", size: "x".repeat(61),
    })).toEqual(defaults);
    expect(parseSearchParams({ page: "1e9" }).page).toBe(1);
    expect(parseSearchParams({ q: "  navy   tee ", sort: "relevance" })).toMatchObject({ q: "navy tee", sort: "relevance" });
    expect(parseSearchParams({ q: "tee" }).sort).toBe("relevance");
    expect(parseSearchParams({ sort: "relevance" }).sort).toBe("newest");
    expect(parseSearchParams({ q: "x".repeat(500) }).q).toHaveLength(100);
  });

  it("reads prices in pesos, swapping a range given backwards", () => {
    expect(parseSearchParams({ minPrice: "50000", maxPrice: "10000" })).toMatchObject({ minPrice: 10000, maxPrice: 50000 });
    expect(parseSearchParams({ minPrice: "", maxPrice: "20000" })).toMatchObject({ minPrice: undefined, maxPrice: 20000 });
  });

  it("writes back only what differs from the defaults, on page 1 unless told", () => {
    const params = parseSearchParams({ q: "tee", size: "M", inStock: "on", sort: "price-asc", page: "3" });
    expect(searchQueryString(params)).toBe("?q=tee&size=M&inStock=1&sort=price-asc");
    expect(searchQueryString(params, { page: 2 })).toBe("?q=tee&size=M&inStock=1&sort=price-asc&page=2");
    expect(searchQueryString(params, { size: undefined, inStock: false, sort: "relevance" })).toBe("?q=tee");
    expect(searchQueryString(defaults)).toBe("");
  });
});
