import type { Refund } from "@/db/schema";

export type RefundReason = Refund["reason"];

// Why a payment went back, as the buyer reads it on the order page and in the refund email: messages "orders.refundReason.<reason>".
