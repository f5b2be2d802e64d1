import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { order, payment } from "@/db/schema";
import { orderPath } from "@/lib/order-access";
import { finalizePayment } from "./finalize";

export type ReturnQuery = { paymentId?: string; externalReference?: string };

/**
 * Where a shopper coming back from Mercado Pago lands. Only the payment id is
 * used to finalize; `status` and the rest of the query are never believed.
 */
export async function paymentReturnPath({ paymentId, externalReference }: ReturnQuery): Promise<string> {
  // No payment id: the shopper left Mercado Pago without paying.
  if (!paymentId) return "/checkout";
  const result = await finalizePayment(paymentId);
  switch (result.outcome) {
    case "approved":
      return result.userId ? "/orders" : orderPath(result.orderId, true);
    case "rejected":
      return "/checkout?payment=rejected";
    case "pending":
    case "refunded":
    case "refund_pending":
    case "expired":
      return orderPage(result.orderId, result.userId);
    case "unavailable":
      return confirmingPage(externalReference);
    case "not_ours":
    case "mismatch":
      return "/checkout?payment=unverified";
  }
}

function orderPage(orderId: number, userId: string | null, notice?: string): string {
  const path = orderPath(orderId, userId === null);
  return notice ? `${path}${path.includes("?") ? "&" : "?"}notice=${notice}` : path;
}

/**
 * Mercado Pago cannot be asked right now, so the order page says we are
 * still confirming and the webhook finishes the job. The reference only
 * picks which page to show; it changes nothing.
 */
async function confirmingPage(externalReference: string | undefined): Promise<string> {
  if (!externalReference) return "/checkout?payment=confirming";
  const [row] = await db
    .select({ orderId: order.id, userId: order.userId })
    .from(payment)
    .innerJoin(order, eq(order.id, payment.orderId))
    .where(eq(payment.id, externalReference));
  return row ? orderPage(row.orderId, row.userId, "confirming") : "/checkout?payment=confirming";
}
