import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { order, orderItem, product } from "@/db/schema";
import { createProduct, guest, staffActor } from "@/test/factories";
import { updateProduct, type ProductInput } from "./admin/products";
import { updateVariant } from "./admin/variants";
import { addToCart, cartCount, reviewCart, updateLineQuantity } from "./cart";
import { getProduct, listCategories, listProducts } from "./catalog";
import { confirmOrder } from "./checkout";
import { shippingRates } from "./delivery/shipping-settings";
import { confirmed, contact, startMercadoPagoForTests } from "./payments/test-support";

startMercadoPagoForTests();

/** A product in a category of its own, so its category's presence can be checked. */
async function productInOwnCategory(variants: Array<{ size: string; color: string; quantity: number }>) {
  const p = await createProduct(variants);
  const category = `Test category ${randomBytes(4).toString("hex")}`;
  await db.update(product).set({ category }).where(eq(product.id, p.id));
  return { ...p, category };
}

async function fieldsOf(productId: number): Promise<ProductInput> {
  const [row] = await db.select().from(product).where(eq(product.id, productId));
  if (!row) throw new Error("no product");
  return { name: row.name, slug: row.slug, description: row.description, category: row.category, price: row.priceMinor, isActive: row.isActive };
}

async function saveProduct(productId: number, changes: Partial<ProductInput>) {
  const result = await updateProduct(await staffActor(), productId, { ...(await fieldsOf(productId)), ...changes });
  expect(result.ok).toBe(true);
}

async function setVariantActive(variant: { id: number; size: string; color: string }, isActive: boolean) {
  const result = await updateVariant(await staffActor(), { variantId: variant.id, size: variant.size, color: variant.color, sku: null, isActive });
  expect(result.ok).toBe(true);
}

const listed = async (slug: string) => (await listProducts()).find((p) => p.slug === slug);

describe("deactivating hides from the storefront and from new carts", () => {
  it("a deactivated variant leaves its product page and the catalog's colours; with none left, the product goes", async () => {
    const p = await productInOwnCategory([{ size: "M", color: "Black", quantity: 3 }, { size: "M", color: "White", quantity: 3 }]);
    const [black, white] = p.variants;
    if (!black || !white) throw new Error("variants missing");

    await setVariantActive(white, false);
    expect((await getProduct(p.slug))?.variants.map((v) => v.color)).toEqual(["Black"]);
    expect((await listed(p.slug))?.colors).toEqual(["Black"]);

    await setVariantActive(black, false);
    expect(await getProduct(p.slug)).toBeNull();
    expect(await listed(p.slug)).toBeUndefined();
    expect(await listCategories()).not.toContain(p.category);

    await setVariantActive(black, true);
    expect((await getProduct(p.slug))?.variants.map((v) => v.color)).toEqual(["Black"]);
    expect(await listCategories()).toContain(p.category);
  });

  it("a deactivated product leaves the catalog, its page and its category", async () => {
    const p = await productInOwnCategory([{ size: "M", color: "Black", quantity: 3 }]);
    expect(await listed(p.slug)).toBeDefined();

    await saveProduct(p.id, { isActive: false });

    expect(await listed(p.slug)).toBeUndefined();
    expect(await getProduct(p.slug)).toBeNull();
    expect(await listCategories()).not.toContain(p.category);
  });

  it("add to cart refuses a deactivated variant, and any variant of a deactivated product", async () => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 3 }, { size: "L", color: "Black", quantity: 3 }]);
    const [m, l] = p.variants;
    if (!m || !l) throw new Error("variants missing");
    const owner = guest();

    await setVariantActive(m, false);
    expect(await addToCart(owner, m.id, 1)).toEqual({ ok: false, message: "That item is no longer sold." });
    expect(await addToCart(owner, l.id, 1)).toMatchObject({ ok: true });

    await saveProduct(p.id, { isActive: false });
    expect(await addToCart(owner, l.id, 1)).toEqual({ ok: false, message: "That item is no longer sold." });
    expect(await updateLineQuantity(owner, l.id, 2)).toMatchObject({ ok: false });
    expect(await cartCount(owner)).toBe(0);
  });

  it("a cart that holds it shows the usual notice, and the line goes", async () => {
    const kept = await createProduct([{ size: "S", color: "Navy", quantity: 5 }]);
    const p = await createProduct([{ size: "M", color: "Black", quantity: 5 }, { size: "L", color: "Black", quantity: 5 }]);
    const [m, l] = p.variants;
    const [s] = kept.variants;
    if (!m || !l || !s) throw new Error("variants missing");
    const byVariant = guest();
    const byProduct = guest();
    for (const owner of [byVariant, byProduct]) {
      await addToCart(owner, s.id, 1);
      await addToCart(owner, m.id, 2);
    }

    await setVariantActive(m, false);
    const afterVariant = await reviewCart(byVariant);
    expect(afterVariant.notices).toEqual([{ productName: p.name, size: "M", color: "Black", from: 2, to: 0 }]);
    expect(afterVariant.cart?.lines.map((line) => line.variantId)).toEqual([s.id]);

    await setVariantActive(m, true);
    await saveProduct(p.id, { isActive: false });
    const afterProduct = await reviewCart(byProduct);
    expect(afterProduct.notices).toEqual([{ productName: p.name, size: "M", color: "Black", from: 2, to: 0 }]);
    expect(afterProduct.cart?.lines.map((line) => line.variantId)).toEqual([s.id]);
  });

  it("checkout refuses it, even for an unchanged cart whose payment link is still valid, and creates nothing", async () => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 5 }]);
    const [m] = p.variants;
    if (!m) throw new Error("variant missing");
    const owner = guest();
    await addToCart(owner, m.id, 1);
    const first = await confirmed(owner);

    await setVariantActive(m, false);
    const again = await confirmOrder(owner, contact());

    expect(again).toMatchObject({
      ok: false,
      reason: "shortfall",
      shortages: [{ productName: p.name, size: "M", color: "Black", requested: 1, available: 0 }],
    });
    const orders = await db.select({ id: orderItem.orderId }).from(orderItem).where(eq(orderItem.itemStockId, m.id));
    expect(orders.map((o) => o.id)).toEqual([first.orderId]);
  });
});

describe("saving shows on the storefront at once", () => {
  it("a renamed, repriced product is what its page shows, what the cart adds up and what the next checkout charges", async () => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 5 }], 1_000_000);
    const [m] = p.variants;
    if (!m) throw new Error("variant missing");
    const owner = guest();
    await addToCart(owner, m.id, 2);
    // Confirmed to the City: the items plus its shipping rate.
    const shipping = (await shippingRates()).rates.caba;
    const before = await confirmed(owner);
    expect(before.amountMinor).toBe(2_000_000 + shipping);

    await saveProduct(p.id, { name: "Renamed Tee", price: 1_250_050 });

    expect(await getProduct(p.slug)).toMatchObject({ name: "Renamed Tee", priceMinor: 1_250_050 });
    expect(await listed(p.slug)).toMatchObject({ name: "Renamed Tee", priceMinor: 1_250_050 });
    expect((await reviewCart(owner)).cart).toMatchObject({ totalMinor: 2_500_100, lines: [{ productName: "Renamed Tee", unitPriceMinor: 1_250_050 }] });

    // The cart is unchanged, but its price is not: a new order at the new price, not the old link.
    const after = await confirmed(owner);
    expect(after.orderId).not.toBe(before.orderId);
    expect(after.amountMinor).toBe(2_500_100 + shipping);
    const [row] = await db.select({ totalMinor: order.totalMinor }).from(order).where(eq(order.id, after.orderId));
    expect(row?.totalMinor).toBe(2_500_100 + shipping);
    const [line] = await db.select().from(orderItem).where(eq(orderItem.orderId, after.orderId));
    expect(line).toMatchObject({ productName: "Renamed Tee", unitPriceMinor: 1_250_050, quantity: 2 });
  });
});

describe("a product page's slug", () => {
  it("names no product unless it is shaped like a slug, whatever the URL carried", async () => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 2 }]);
    expect((await getProduct(p.slug))?.slug).toBe(p.slug);
    for (const slug of [`${p.slug}\u0000`, "\u0000", "\uFFFD", p.slug.toUpperCase(), `${p.slug}/`, "a".repeat(5000)]) {
      expect(await getProduct(slug), JSON.stringify(slug.slice(0, 20))).toBeNull();
    }
  });
});
