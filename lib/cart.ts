import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { cart, cartItem, itemStock, product } from "@/db/schema";
import type { ActionState } from "./forms";
import { translator, type Locale } from "./i18n";
import { withColorImages } from "./product-photos";
import { availableQuantity, availableToCart, heldForCartSql } from "./stock";

/** Who owns a cart: a signed-in user, else the guest token from the cookie. */
export type CartOwner = { userId?: string | null; token?: string | null };

export type CartLine = {
  variantId: number;
  productName: string;
  productSlug: string;
  image: string;
  size: string;
  color: string;
  unitPriceMinor: number;
  currency: string;
  quantity: number;
  available: number;
};

export type Cart = { id: number; lines: CartLine[]; totalMinor: number; currency: string; count: number };

export type StockNotice = { productName: string; size: string; color: string; from: number; to: number };

/** What a cart change came to; `limitedTo` is the stock that allowed less than was asked. */
export type CartChange =
  | { ok: true; quantity: number; message: string; limitedTo?: number }
  | { ok: false; message: string; limitedTo?: number };

/** A cart change as its form shows it: less than asked because of stock is a warning, not a success or an error. */
export function cartChangeState(change: CartChange): NonNullable<ActionState> {
  const state = { ok: change.ok, message: change.message };
  return change.limitedTo === undefined ? state : { ...state, isWarning: true };
}

export const MAX_LINE_QUANTITY = 99;

export function newCartToken(): string {
  return randomBytes(32).toString("base64url");
}

function ownerCondition(owner: CartOwner) {
  if (owner.userId) return eq(cart.userId, owner.userId);
  if (owner.token) return eq(cart.token, owner.token);
  return undefined;
}

/** Locks the owner's cart row, creating it when `create` is set; null when there is none. */
async function lockCart(tx: Transaction, owner: CartOwner, create: boolean): Promise<number | null> {
  const where = ownerCondition(owner);
  if (!where) return null;
  if (create) {
    await tx
      .insert(cart)
      .values({ token: owner.userId ? newCartToken() : (owner.token ?? newCartToken()), userId: owner.userId ?? null })
      .onConflictDoNothing();
  }
  const [row] = await tx.select({ id: cart.id }).from(cart).where(where).for("update");
  return row?.id ?? null;
}

async function variantName(tx: Transaction, variantId: number) {
  const [row] = await tx
    .select({ name: product.name, size: itemStock.size, color: itemStock.color })
    .from(itemStock)
    .innerJoin(product, eq(product.id, itemStock.productId))
    .where(and(eq(itemStock.id, variantId), eq(itemStock.isActive, true), eq(product.isActive, true)));
  return row;
}

/**
 * Adds up to `quantity` units, never past what is available: the cart row
 * is locked first, so concurrent adds to one cart take turns.
 */
export async function addToCart(owner: CartOwner, variantId: number, quantity: number, locale: Locale = "en"): Promise<CartChange> {
  const t = translator(locale, "cart.change");
  return db.transaction(async (tx) => {
    const variant = await variantName(tx, variantId);
    if (!variant) return { ok: false, message: t("noLongerSold") };
    const existing = await lockCart(tx, owner, false);
    const available = (await availableToCart(tx, existing, [variantId])).get(variantId) ?? 0;
    const item = { item: variant.name, size: variant.size, color: variant.color };
    if (available === 0) return { ok: false, message: t("soldOut", item) };

    const cartId = existing ?? (await lockCart(tx, owner, true));
    if (cartId === null) return { ok: false, message: t("notFound") };
    const [line] = await tx
      .select({ quantity: cartItem.quantity })
      .from(cartItem)
      .where(and(eq(cartItem.cartId, cartId), eq(cartItem.itemStockId, variantId)));
    const current = line?.quantity ?? 0;
    const wanted = Math.min(current + quantity, MAX_LINE_QUANTITY);
    const next = Math.min(wanted, available);
    if (next <= current) {
      return { ok: false, message: t("alreadyHas", { available, current }), limitedTo: available };
    }
    await upsertLine(tx, cartId, variantId, next);
    if (next < wanted) return { ok: true, quantity: next, message: t("limited", { available, quantity: next }), limitedTo: available };
    return { ok: true, quantity: next, message: t("added", item) };
  });
}

/** Sets a line to `quantity` (1–99), capped at what is available. */
export async function updateLineQuantity(owner: CartOwner, variantId: number, quantity: number, locale: Locale = "en"): Promise<CartChange> {
  const t = translator(locale, "cart.change");
  return db.transaction(async (tx) => {
    const cartId = await lockCart(tx, owner, false);
    if (cartId === null) return { ok: false, message: t("empty") };
    const [line] = await tx
      .select({ id: cartItem.id })
      .from(cartItem)
      .where(and(eq(cartItem.cartId, cartId), eq(cartItem.itemStockId, variantId)));
    if (!line) return { ok: false, message: t("notInCart") };
    const available = (await availableToCart(tx, cartId, [variantId])).get(variantId) ?? 0;
    if (available === 0) {
      await tx.delete(cartItem).where(eq(cartItem.id, line.id));
      return { ok: false, message: t("soldOutRemoved") };
    }
    const next = Math.min(quantity, available);
    await tx.update(cartItem).set({ quantity: next }).where(eq(cartItem.id, line.id));
    if (next < quantity) return { ok: true, quantity: next, message: t("limited", { available, quantity: next }), limitedTo: available };
    return { ok: true, quantity: next, message: t("updated") };
  });
}

export async function removeFromCart(owner: CartOwner, variantId: number, locale: Locale = "en"): Promise<CartChange> {
  const t = translator(locale, "cart.change");
  const where = ownerCondition(owner);
  if (!where) return { ok: false, message: t("empty") };
  await db
    .delete(cartItem)
    .where(and(eq(cartItem.itemStockId, variantId), sql`${cartItem.cartId} in (select ${cart.id} from ${cart} where ${where})`));
  return { ok: true, quantity: 0, message: t("removed") };
}

async function upsertLine(tx: Transaction, cartId: number, variantId: number, quantity: number): Promise<void> {
  await tx
    .insert(cartItem)
    .values({ cartId, itemStockId: variantId, quantity })
    .onConflictDoUpdate({ target: [cartItem.cartId, cartItem.itemStockId], set: { quantity } });
  await tx.update(cart).set({ updatedAt: sql`now()` }).where(eq(cart.id, cartId));
}

/**
 * The cart as the cart page shows it: every line first brought within
 * available stock — lowered or removed — with one notice per change so the
 * shopper learns what happened. Most views change nothing, so the cart is
 * read first and locked only to fix it.
 */
export async function reviewCart(owner: CartOwner): Promise<{ cart: Cart | null; notices: StockNotice[] }> {
  const found = await findCartId(owner);
  if (found === null) return { cart: null, notices: [] };
  const lines = await readLines(db, found);
  if (lines.every((l) => l.quantity <= l.available)) return { cart: summarize(found, lines), notices: [] };
  const notices = await db.transaction(async (tx) => {
    const cartId = await lockCart(tx, owner, false);
    return cartId === null ? [] : clampLines(tx, cartId);
  });
  return { cart: summarize(found, await readLines(db, found)), notices };
}

export async function adjustCartToStock(owner: CartOwner): Promise<StockNotice[]> {
  return (await reviewCart(owner)).notices;
}

/** Lowers lines of a locked cart to available stock; shared with the sign-in merge. */
export async function clampLines(tx: Transaction, cartId: number): Promise<StockNotice[]> {
  const lines = await readLines(tx, cartId);
  const notices: StockNotice[] = [];
  for (const line of lines) {
    if (line.quantity <= line.available) continue;
    if (line.available === 0) {
      await tx.delete(cartItem).where(and(eq(cartItem.cartId, cartId), eq(cartItem.itemStockId, line.variantId)));
    } else {
      await tx
        .update(cartItem)
        .set({ quantity: line.available })
        .where(and(eq(cartItem.cartId, cartId), eq(cartItem.itemStockId, line.variantId)));
    }
    notices.push({ productName: line.productName, size: line.size, color: line.color, from: line.quantity, to: line.available });
  }
  return notices;
}

export type CartRow = Omit<CartLine, "available"> & { productId: number; isActive: boolean };

/** A cart's lines with their product, prices from the database, the colour's photo, oldest first. */
export async function cartRows(tx: Transaction | typeof db, cartId: number): Promise<CartRow[]> {
  const rows = await tx
    .select({
      variantId: itemStock.id,
      productId: product.id,
      productName: product.name,
      productSlug: product.slug,
      image: product.image,
      size: itemStock.size,
      color: itemStock.color,
      unitPriceMinor: product.priceMinor,
      currency: product.currency,
      quantity: cartItem.quantity,
      isActive: sql<boolean>`${itemStock.isActive} and ${product.isActive}`,
    })
    .from(cartItem)
    .innerJoin(itemStock, eq(itemStock.id, cartItem.itemStockId))
    .innerJoin(product, eq(product.id, itemStock.productId))
    .where(eq(cartItem.cartId, cartId))
    .orderBy(asc(cartItem.addedAt), asc(cartItem.id));
  return withColorImages(tx, rows);
}

async function readLines(tx: Transaction | typeof db, cartId: number): Promise<CartLine[]> {
  const rows = await cartRows(tx, cartId);
  const available = await availableToCart(tx, cartId, rows.map((r) => r.variantId));
  return rows.map(({ isActive, ...row }) => ({ ...row, available: isActive ? (available.get(row.variantId) ?? 0) : 0 }));
}

async function findCartId(owner: CartOwner): Promise<number | null> {
  const where = ownerCondition(owner);
  if (!where) return null;
  const [row] = await db.select({ id: cart.id }).from(cart).where(where);
  return row?.id ?? null;
}

function summarize(id: number, lines: CartLine[]): Cart {
  return {
    id,
    lines,
    totalMinor: lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0),
    currency: lines[0]?.currency ?? "ARS",
    count: lines.reduce((sum, l) => sum + l.quantity, 0),
  };
}

export async function getCart(owner: CartOwner): Promise<Cart | null> {
  const id = await findCartId(owner);
  return id === null ? null : summarize(id, await readLines(db, id));
}

/**
 * Units in the cart as the cart page will show them, in one query: a line
 * counts only up to what is free plus what this cart's own unpaid orders
 * hold, so the header never promises vanished stock.
 */
export async function cartCount(owner: CartOwner): Promise<number> {
  return (await linesAgainstStock(owner)).reduce((units, line) => units + Math.min(line.quantity, line.available), 0);
}

/**
 * Each line of the owner's cart beside what the cart may hold of its item
 * (free units plus its own unpaid orders' holds; none of an item no longer
 * sold), in one query and without locks: checkout's first look, and the
 * header's count.
 */
export async function linesAgainstStock(owner: CartOwner) {
  const where = ownerCondition(owner);
  if (!where) return [];
  return db
    .select({
      productName: product.name,
      size: itemStock.size,
      color: itemStock.color,
      quantity: cartItem.quantity,
      available: sql<number>`case when ${itemStock.isActive} and ${product.isActive}
        then ${availableQuantity()} + ${heldForCartSql(cart.id)} else 0 end`,
    })
    .from(cartItem)
    .innerJoin(cart, eq(cart.id, cartItem.cartId))
    .innerJoin(itemStock, eq(itemStock.id, cartItem.itemStockId))
    .innerJoin(product, eq(product.id, itemStock.productId))
    .where(where)
    .orderBy(asc(itemStock.id));
}
