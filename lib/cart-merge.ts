import "server-only";
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { cart, cartItem } from "@/db/schema";
import { clampLines, MAX_LINE_QUANTITY, newCartToken, type StockNotice } from "./cart";

/**
 * Moves a guest cart into the user's cart when they sign in: quantities of
 * the same variant add up, every line is then clamped to available stock, and
 * the guest cart is deleted (its token must not keep opening the user's cart).
 * Returns one notice per line that had to be lowered or removed.
 */
export async function mergeGuestCart(userId: string, guestToken: string): Promise<StockNotice[]> {
  return db.transaction(async (tx) => {
    await tx.insert(cart).values({ token: newCartToken(), userId }).onConflictDoNothing();
    // Both rows locked in one statement, in id order, so a merge never deadlocks
    // with an add-to-cart or another merge touching the same carts.
    const rows = await tx
      .select({ id: cart.id, userId: cart.userId })
      .from(cart)
      .where(or(eq(cart.userId, userId), and(eq(cart.token, guestToken), isNull(cart.userId))))
      .orderBy(asc(cart.id))
      .for("update");
    const userCart = rows.find((row) => row.userId === userId);
    const guestCart = rows.find((row) => row.userId === null);
    if (!userCart || !guestCart) return [];

    await tx.execute(sql`
      insert into ${cartItem} (cart_id, item_stock_id, quantity)
      select ${userCart.id}, ${cartItem.itemStockId}, least(${cartItem.quantity}, ${MAX_LINE_QUANTITY})
      from ${cartItem} where ${cartItem.cartId} = ${guestCart.id}
      on conflict (cart_id, item_stock_id)
      do update set quantity = least(${cartItem}.quantity + excluded.quantity, ${MAX_LINE_QUANTITY})`);
    await tx.delete(cart).where(eq(cart.id, guestCart.id));
    await tx.update(cart).set({ updatedAt: sql`now()` }).where(eq(cart.id, userCart.id));
    return clampLines(tx, userCart.id);
  });
}
