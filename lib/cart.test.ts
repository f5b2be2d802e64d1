import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { cartItem, itemStock, order, payment, stockHold } from "@/db/schema";
import { createProduct, guest, setStock } from "@/test/factories";
import { addToCart, adjustCartToStock, cartChangeState, cartCount, getCart, removeFromCart, reviewCart, updateLineQuantity } from "./cart";
import { setClockOffset } from "./clock";
import { cartLineSchema } from "./forms";

async function variantOf(quantity: number) {
  const p = await createProduct([{ quantity }]);
  const variant = p.variants[0];
  if (!variant) throw new Error("no variant");
  return { ...variant, productName: p.name };
}

async function holdUnits(itemStockId: number, quantity: number, expiresAt: Date) {
  const [o] = await db
    .insert(order)
    .values({ email: "h@example.com", fullName: "H", address: "A 1", city: "C", postalCode: "1000", totalMinor: 1, accessTokenHash: "x", cartFingerprint: "x" })
    .returning({ id: order.id });
  await db.insert(stockHold).values({ orderId: o?.id ?? 0, itemStockId, quantity, expiresAt });
}

describe("addToCart", () => {
  it("adds a fresh line and creates the cart on first add", async () => {
    const v = await variantOf(5);
    const owner = guest();
    expect(await getCart(owner)).toBeNull();
    const result = await addToCart(owner, v.id, 2);
    expect(result).toMatchObject({ ok: true, quantity: 2 });
    expect(await cartCount(owner)).toBe(2);
  });

  it("caps a fresh line at the available stock and says so", async () => {
    const v = await variantOf(2);
    const owner = guest();
    const result = await addToCart(owner, v.id, 5);
    expect(result).toEqual({ ok: true, quantity: 2, message: "Only 2 available — your cart has 2.", limitedTo: 2 });
  });

  it("tells the form that less than asked is a warning, and a plain add or a sold-out item is not", async () => {
    const v = await variantOf(3);
    const owner = guest();
    expect(cartChangeState(await addToCart(owner, v.id, 1))).toEqual({ ok: true, message: expect.stringMatching(/^Added /) });
    expect(cartChangeState(await addToCart(owner, v.id, 5))).toEqual({ ok: true, message: "Only 3 available — your cart has 3.", isWarning: true });
    expect(cartChangeState(await addToCart(owner, v.id, 1))).toEqual({ ok: false, message: "Only 3 available — your cart already has 3.", isWarning: true });
    expect(cartChangeState(await updateLineQuantity(owner, v.id, 9))).toEqual({ ok: true, message: "Only 3 available — your cart has 3.", isWarning: true });
    expect(cartChangeState(await updateLineQuantity(owner, v.id, 2))).toEqual({ ok: true, message: "Cart updated." });
    const soldOut = await variantOf(0);
    expect(cartChangeState(await addToCart(owner, soldOut.id, 1))).toEqual({ ok: false, message: expect.stringMatching(/is sold out\.$/) });
  });

  it("caps an existing line so the cart never exceeds the stock", async () => {
    const v = await variantOf(3);
    const owner = guest();
    await addToCart(owner, v.id, 2);
    expect(await addToCart(owner, v.id, 2)).toMatchObject({ ok: true, quantity: 3, message: "Only 3 available — your cart has 3." });
    expect(await addToCart(owner, v.id, 1)).toMatchObject({ ok: false, message: "Only 3 available — your cart already has 3." });
    expect(await cartCount(owner)).toBe(3);
  });

  it("refuses a sold-out variant and creates nothing", async () => {
    const v = await variantOf(0);
    const owner = guest();
    expect(await addToCart(owner, v.id, 1)).toMatchObject({ ok: false, message: expect.stringContaining("sold out") });
    expect(await getCart(owner)).toBeNull();
  });

  it("refuses an unknown or inactive variant", async () => {
    const owner = guest();
    expect(await addToCart(owner, 999_999_999, 1)).toEqual({ ok: false, message: "That item is no longer sold." });
    const v = await variantOf(4);
    await db.update(itemStock).set({ isActive: false }).where(eq(itemStock.id, v.id));
    expect(await addToCart(owner, v.id, 1)).toEqual({ ok: false, message: "That item is no longer sold." });
    expect(await getCart(owner)).toBeNull();
  });

  it("rejects quantities outside 1–99 and non-numbers before touching the cart", () => {
    for (const quantity of ["0", "-1", "100", "abc", "1.5", ""]) {
      expect(cartLineSchema.safeParse({ variantId: "1", quantity }).success, quantity).toBe(false);
    }
    expect(cartLineSchema.safeParse({ variantId: "1", quantity: "99" }).success).toBe(true);
    expect(cartLineSchema.safeParse({ variantId: "x", quantity: "1" }).success).toBe(false);
  });

  it("counts active holds against availability, and stops counting them once expired", async () => {
    const v = await variantOf(3);
    await holdUnits(v.id, 2, new Date(Date.now() + 60 * 60_000));
    const owner = guest();
    expect(await addToCart(owner, v.id, 3)).toMatchObject({ ok: true, quantity: 1 });
    setClockOffset(2 * 60 * 60_000);
    try {
      expect(await addToCart(owner, v.id, 3)).toMatchObject({ ok: true, quantity: 3 });
    } finally {
      setClockOffset(0);
    }
  });

  it("20 concurrent adds of one variant to one cart end at the 3 available", async () => {
    const v = await variantOf(3);
    const owner = guest();
    const results = await Promise.all(Array.from({ length: 20 }, () => addToCart(owner, v.id, 1)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await cartCount(owner)).toBe(3);
  });
});

describe("cart lines", () => {
  it("updates a quantity within the cap and removes a line", async () => {
    const v = await variantOf(4);
    const owner = guest();
    await addToCart(owner, v.id, 1);
    expect(await updateLineQuantity(owner, v.id, 9)).toMatchObject({ ok: true, quantity: 4, message: "Only 4 available — your cart has 4." });
    expect(await updateLineQuantity(owner, v.id, 2)).toMatchObject({ ok: true, quantity: 2 });
    await removeFromCart(owner, v.id);
    expect((await getCart(owner))?.lines).toEqual([]);
  });

  it("never touches another shopper's cart", async () => {
    const v = await variantOf(4);
    const owner = guest();
    await addToCart(owner, v.id, 2);
    await removeFromCart(guest(), v.id);
    expect(await updateLineQuantity(guest(), v.id, 1)).toMatchObject({ ok: false });
    expect(await cartCount(owner)).toBe(2);
  });
});

describe("adjustCartToStock", () => {
  it("lowers a line above the stock, removes a line with none, and returns a notice for each", async () => {
    const low = await variantOf(5);
    const gone = await variantOf(2);
    const fine = await variantOf(9);
    const owner = guest();
    await addToCart(owner, low.id, 4);
    await addToCart(owner, gone.id, 2);
    await addToCart(owner, fine.id, 1);
    await setStock(low.id, 1);
    await setStock(gone.id, 0);

    const notices = await adjustCartToStock(owner);

    expect(notices).toEqual([
      { productName: low.productName, size: low.size, color: low.color, from: 4, to: 1 },
      { productName: gone.productName, size: gone.size, color: gone.color, from: 2, to: 0 },
    ]);
    const lines = await db.select().from(cartItem).where(eq(cartItem.cartId, (await getCart(owner))?.id ?? 0));
    expect(lines.map((l) => [l.itemStockId, l.quantity]).sort()).toEqual([[fine.id, 1], [low.id, 1]].sort());
    expect(await adjustCartToStock(owner)).toEqual([]);
  });

  it("hands the cart page the lines as they are after the adjustment", async () => {
    const low = await variantOf(5);
    const owner = guest();
    await addToCart(owner, low.id, 4);
    await setStock(low.id, 2);

    const { cart, notices } = await reviewCart(owner);

    expect(notices).toHaveLength(1);
    expect(cart?.lines.map((l) => [l.variantId, l.quantity])).toEqual([[low.id, 2]]);
    expect(cart?.count).toBe(2);
  });

  it("returns nothing for a shopper without a cart", async () => {
    expect(await adjustCartToStock(guest())).toEqual([]);
    expect(await adjustCartToStock({})).toEqual([]);
  });
});

describe("cartCount", () => {
  it("counts each line only up to what is available, as the cart page will show it", async () => {
    const v = await variantOf(5);
    const owner = guest();
    await addToCart(owner, v.id, 4);
    await setStock(v.id, 1);
    expect(await cartCount(owner)).toBe(1);
  });
});

describe("a cart's own holds", () => {
  it("count as available to that cart, so confirming the last unit does not empty the shopper's own cart", async () => {
    const v = await variantOf(1);
    const owner = guest();
    await addToCart(owner, v.id, 1);
    const cartId = (await getCart(owner))?.id ?? 0;
    const expiresAt = new Date(Date.now() + 60 * 60_000);
    const [o] = await db
      .insert(order)
      .values({ cartId, email: "o@example.com", fullName: "O", address: "A 1", city: "C", postalCode: "1000", totalMinor: 1, accessTokenHash: "x", cartFingerprint: "x" })
      .returning({ id: order.id });
    await db.insert(payment).values({ orderId: o?.id ?? 0, shopperKey: `cart:${cartId}`, amountMinor: 1, expiresAt });
    await db.insert(stockHold).values({ orderId: o?.id ?? 0, itemStockId: v.id, quantity: 1, expiresAt });

    expect(await adjustCartToStock(owner)).toEqual([]);
    expect(await cartCount(owner)).toBe(1);
    // Anyone else sees the unit as taken.
    expect(await addToCart(guest(), v.id, 1)).toMatchObject({ ok: false });
  });
});
