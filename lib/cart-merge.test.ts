import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { cart, order, stockHold, users } from "@/db/schema";
import { createProduct, guest } from "@/test/factories";
import { addToCart, getCart } from "./cart";
import { mergeGuestCart } from "./cart-merge";

async function createUser(): Promise<string> {
  const [row] = await db.insert(users).values({ name: "Ana", email: `merge-${randomBytes(5).toString("hex")}@example.com` }).returning();
  if (!row) throw new Error("user not created");
  return row.id;
}

const quantities = async (owner: { userId?: string; token?: string }) =>
  Object.fromEntries((await getCart(owner))?.lines.map((l) => [l.variantId, l.quantity]) ?? []);

describe("mergeGuestCart", () => {
  it("adds the guest's quantities to the user's and lowers a line to the available stock, saying so", async () => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 4 }, { size: "L", color: "Navy", quantity: 9 }]);
    const [m, l] = p.variants;
    if (!m || !l) throw new Error("variants missing");
    const userId = await createUser();
    const visitor = guest();
    await addToCart({ userId }, m.id, 2);
    await addToCart(visitor, m.id, 3);
    await addToCart(visitor, l.id, 1);

    const notices = await mergeGuestCart(userId, visitor.token);

    expect(notices).toEqual([{ productName: p.name, size: "M", color: "Navy", from: 5, to: 4 }]);
    expect(await quantities({ userId })).toEqual({ [m.id]: 4, [l.id]: 1 });
  });

  it("removes a line that sold out meanwhile and deletes the guest cart", async () => {
    const p = await createProduct([{ size: "S", color: "Black", quantity: 1 }, { size: "M", color: "Black", quantity: 5 }]);
    const [s, m] = p.variants;
    if (!s || !m) throw new Error("variants missing");
    const userId = await createUser();
    const visitor = guest();
    await addToCart(visitor, s.id, 1);
    await addToCart(visitor, m.id, 2);
    // Someone else's confirmed order now holds the last S.
    const [held] = await db.insert(order).values({
      email: "other@example.com", fullName: "Other", address: "Calle 1", city: "CABA", postalCode: "1000",
      totalMinor: 100, accessTokenHash: "x", cartFingerprint: "x",
    }).returning({ id: order.id });
    if (!held) throw new Error("order not created");
    await db.insert(stockHold).values({ orderId: held.id, itemStockId: s.id, quantity: 1, expiresAt: new Date(Date.now() + 3_600_000) });

    const notices = await mergeGuestCart(userId, visitor.token);

    expect(notices).toEqual([{ productName: p.name, size: "S", color: "Black", from: 1, to: 0 }]);
    expect(await quantities({ userId })).toEqual({ [m.id]: 2 });
    expect(await db.select().from(cart).where(eq(cart.token, visitor.token))).toEqual([]);
    expect(await getCart(visitor)).toBeNull();
  });

  it("gives a user without a cart the guest's lines, without reusing the guest token", async () => {
    const p = await createProduct([{ quantity: 3 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    const userId = await createUser();
    const visitor = guest();
    await addToCart(visitor, variant.id, 2);

    expect(await mergeGuestCart(userId, visitor.token)).toEqual([]);
    expect(await quantities({ userId })).toEqual({ [variant.id]: 2 });
    const [userCart] = await db.select().from(cart).where(eq(cart.userId, userId));
    expect(userCart?.token).not.toBe(visitor.token);
  });

  it("does nothing when there is no guest cart, and never takes another user's cart", async () => {
    const p = await createProduct([{ quantity: 3 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    const owner = await createUser();
    await addToCart({ userId: owner }, variant.id, 2);
    const [ownerCart] = await db.select().from(cart).where(eq(cart.userId, owner));
    const intruder = await createUser();

    expect(await mergeGuestCart(intruder, ownerCart?.token ?? "")).toEqual([]);
    expect(await mergeGuestCart(intruder, guest().token)).toEqual([]);
    expect(await quantities({ userId: owner })).toEqual({ [variant.id]: 2 });
    expect(await db.select().from(cart).where(and(eq(cart.userId, intruder)))).toHaveLength(1);
    expect(await quantities({ userId: intruder })).toEqual({});
  });

  it("merges once when the same sign-in is processed twice at the same time", async () => {
    const p = await createProduct([{ quantity: 10 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    const userId = await createUser();
    const visitor = guest();
    await addToCart({ userId }, variant.id, 1);
    await addToCart(visitor, variant.id, 3);

    await Promise.all([mergeGuestCart(userId, visitor.token), mergeGuestCart(userId, visitor.token)]);

    expect(await quantities({ userId })).toEqual({ [variant.id]: 4 });
  });
});
