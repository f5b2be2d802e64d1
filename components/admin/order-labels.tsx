import type { Fulfilment, OrderStatus, PaymentStatus, RefundStatus } from "@/lib/admin/orders";
import type { OrderEventKind } from "@/lib/order-events";
import type { RefundReason } from "@/lib/payments/refund-reasons";

type Tone = "ok" | "warn" | "error" | "plain";
type Labelled = { label: string; tone: Tone };

const ORDER_STATUS: Record<OrderStatus, Labelled> = {
  pending_payment: { label: "Awaiting payment", tone: "plain" },
  paid: { label: "Paid", tone: "ok" },
  refund_pending: { label: "Refund pending", tone: "warn" },
  refunded: { label: "Refunded", tone: "warn" },
  expired: { label: "Expired", tone: "plain" },
  superseded: { label: "Replaced", tone: "plain" },
  cancelled: { label: "Cancelled", tone: "error" },
};

const FULFILMENT: Record<Fulfilment, Labelled> = {
  unfulfilled: { label: "Not packed", tone: "plain" },
  packed: { label: "Packed", tone: "warn" },
  shipped: { label: "Shipped", tone: "ok" },
};

const PAYMENT_STATUS: Record<PaymentStatus, Labelled> = {
  created: { label: "Link created", tone: "plain" },
  pending: { label: "Pending", tone: "warn" },
  approved: { label: "Approved", tone: "ok" },
  rejected: { label: "Rejected", tone: "error" },
  refunded: { label: "Refunded", tone: "warn" },
  expired: { label: "Expired", tone: "plain" },
  superseded: { label: "Replaced", tone: "plain" },
};

const REFUND_STATUS: Record<RefundStatus, Labelled> = {
  pending: { label: "Waiting on Mercado Pago", tone: "error" },
  refunded: { label: "Refunded", tone: "ok" },
  resolved: { label: "Resolved by hand", tone: "ok" },
};

/** Why money goes back, in a few words for staff (the buyer's wording is in refund-reasons). */
export const REFUND_REASON_LABEL: Record<RefundReason, string> = {
  sold_out: "Sold out before payment",
  expired: "Paid after the link expired",
  superseded: "Paid a replaced order",
  duplicate: "Paid twice",
  mismatch: "Amount or currency mismatch",
  unmatched: "Matched no order",
  cancelled: "Cancelled by staff",
};

export const ORDER_EVENT_LABEL: Record<OrderEventKind, string> = {
  confirmed: "Order confirmed",
  link_created: "Payment link created",
  payment_pending: "Payment pending at Mercado Pago",
  payment_rejected: "Payment rejected",
  paid: "Paid",
  superseded: "Replaced by a newer order",
  expired: "Payment link expired",
  refund_owed: "Refund owed",
  refunded: "Refunded by Mercado Pago",
  refund_resolved: "Refund resolved by hand",
  packed: "Packed",
  shipped: "Shipped",
  cancelled: "Cancelled",
};

export const ORDER_STATUS_OPTIONS = Object.entries(ORDER_STATUS).map(([value, { label }]) => ({ value, label }));
export const FULFILMENT_OPTIONS = Object.entries(FULFILMENT).map(([value, { label }]) => ({ value, label }));

function Pill({ label, tone }: Labelled) {
  return <span className={tone === "plain" ? "admin-pill" : `admin-pill admin-pill--${tone}`}>{label}</span>;
}

export const OrderStatusPill = ({ status }: { status: OrderStatus }) => <Pill {...ORDER_STATUS[status]} />;
export const FulfilmentPill = ({ fulfilment }: { fulfilment: Fulfilment }) => <Pill {...FULFILMENT[fulfilment]} />;
export const PaymentStatusPill = ({ status }: { status: PaymentStatus }) => <Pill {...PAYMENT_STATUS[status]} />;
export const RefundStatusPill = ({ status }: { status: RefundStatus }) => <Pill {...REFUND_STATUS[status]} />;
