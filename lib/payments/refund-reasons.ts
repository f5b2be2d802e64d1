import type { Refund } from "@/db/schema";

export type RefundReason = Refund["reason"];

/** Why a payment went back, as the buyer reads it on the order page and in the refund email. */
export const REFUND_REASON_TEXT: Record<RefundReason, string> = {
  sold_out: "An item sold out before your payment reached us, so we refunded your payment in full.",
  expired: "Your payment arrived after the payment link had expired and the items were no longer available, so we refunded it in full.",
  superseded: "You paid a payment link that a newer order had replaced, so we refunded that payment in full.",
  duplicate: "This order was paid twice, so we refunded the second payment in full.",
  mismatch: "The payment did not match the order's total, so we refunded it in full.",
  unmatched: "We could not match this payment to an order, so we refunded it in full.",
  cancelled: "We cancelled this order and refunded your payment in full.",
};
