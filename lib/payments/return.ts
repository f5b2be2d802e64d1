import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { cart, order, payment } from "@/db/schema";
import { orderPath } from "@/lib/order-access";
import { orderDisplayStatus } from "@/lib/orders";
import { countHit, isRateLimited, type Limit } from "@/lib/rate-limit";
import { finalizePayment, type OrderOwner } from "./finalize";

export type ReturnQuery = { paymentId?: string; externalReference?: string };

/** Who came back: the signed-in user, the cart cookie, and the client address. */
export type Visitor = { userId: string | null; cartToken: string | null; address: string };

export type ReturnAnswer = { kind: "redirect"; path: string } | { kind: "limited" };

/**
 * What the return tells its owner on the page they land on (`?payment=`):
 * checkout, or the cart when nothing is left to check out. Shown as a
 * notice only; the query string decides nothing.
 */
export const PAYMENT_NOTICES = ["rejected", "unverified", "expired"] as const;
export type PaymentNotice = (typeof PAYMENT_NOTICES)[number];
export const paymentNoticeField = z.enum(PAYMENT_NOTICES).optional().catch(undefined);
export const withPaymentNotice = (path: string, notice: PaymentNotice | undefined) => (notice ? `${path}?payment=${notice}` : path);

/** The page anyone but the order's own shopper lands on: no order data at all. */
export const NEUTRAL_RETURN_PATH = "/orders/thanks";

/**
 * Returns that end on the neutral page, per client address: enough for a
 * household behind one address, too few to probe payment ids.
 */
export const STRANGER_RETURNS: Limit = { max: 20, windowMs: 15 * 60_000 };

/**
 * Where a shopper coming back from Mercado Pago lands. Only the payment id is
 * used to finalize; `status` and the rest of the query are never believed.
 * The order's page (and its guest token) go only to the browser that holds
 * the order's cart or the signed-in owner; anyone else gets the neutral page,
 * whatever the payment, and an address that keeps getting it is refused.
 */
export async function paymentReturn(query: ReturnQuery, visitor: Visitor): Promise<ReturnAnswer> {
  // No payment id: the shopper left Mercado Pago without paying.
  if (!query.paymentId) return go(await leftWithoutPaying(query.externalReference, visitor));
  const limitKey = `return:${visitor.address}`;
  if (await isRateLimited(limitKey, STRANGER_RETURNS)) return { kind: "limited" };
  const path = await ownersPath(query.paymentId, query.externalReference, visitor);
  if (path) return go(path);
  await countHit(limitKey, STRANGER_RETURNS.windowMs);
  return go(NEUTRAL_RETURN_PATH);
}

const go = (path: string): ReturnAnswer => ({ kind: "redirect", path });

/** The owner's destination after finalizing, or null when the visitor does not own the order. */
async function ownersPath(paymentId: string, externalReference: string | undefined, visitor: Visitor): Promise<string | null> {
  const result = await finalizePayment(paymentId);
  if (result.outcome === "not_ours") return null;
  if (result.outcome === "unavailable") return confirmingPath(externalReference, visitor);
  if (!(await isOwner(result, visitor))) return null;
  switch (result.outcome) {
    case "approved":
      return result.userId ? "/orders" : orderPath(result.orderId, true);
    case "rejected":
      return withPaymentNotice("/checkout", "rejected");
    case "mismatch":
      return withPaymentNotice("/checkout", "unverified");
    case "pending":
    case "refunded":
    case "refund_pending":
    case "expired":
    case "superseded":
      return orderPath(result.orderId, result.userId === null);
  }
}

async function isOwner(owner: OrderOwner, visitor: Visitor): Promise<boolean> {
  if (visitor.userId && owner.userId === visitor.userId) return true;
  if (!visitor.cartToken || owner.cartId === null) return false;
  const [row] = await db.select({ token: cart.token }).from(cart).where(eq(cart.id, owner.cartId));
  return row?.token === visitor.cartToken;
}

/** Our payment a reference names, with its order and who owns it. */
async function referencedPayment(externalReference: string) {
  const [row] = await db
    .select({
      orderId: order.id, userId: order.userId, cartId: order.cartId, orderStatus: order.status,
      status: payment.status, expiresAt: payment.expiresAt, initPoint: payment.initPoint,
    })
    .from(payment)
    .innerJoin(order, eq(order.id, payment.orderId))
    .where(eq(payment.id, externalReference));
  return row ?? null;
}

/**
 * Back without paying: the shopper left Mercado Pago, or found the link
 * expired there. Only the order's own shopper is told it expired; anyone
 * else gets plain checkout, so a reference reveals nothing.
 */
async function leftWithoutPaying(externalReference: string | undefined, visitor: Visitor): Promise<string> {
  const row = externalReference ? await referencedPayment(externalReference) : null;
  if (!row || !(await isOwner(row, visitor))) return "/checkout";
  return orderDisplayStatus(row.orderStatus, row) === "expired" ? withPaymentNotice("/checkout", "expired") : "/checkout";
}

/**
 * Mercado Pago cannot be asked right now, so the order page says we are
 * still confirming and the webhook finishes the job. The reference only
 * picks which page to show its owner; it changes nothing.
 */
async function confirmingPath(externalReference: string | undefined, visitor: Visitor): Promise<string | null> {
  if (!externalReference) return null;
  const row = await referencedPayment(externalReference);
  if (!row || !(await isOwner(row, visitor))) return null;
  const path = orderPath(row.orderId, row.userId === null);
  return `${path}${path.includes("?") ? "&" : "?"}notice=confirming`;
}
