import "server-only";
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { db } from "@/db/client";
import { itemStock, order, orderItem, payment, type Order, type Payment } from "@/db/schema";
import { now } from "./clock";
import { formatTaxId } from "./delivery/fields";
import { provinceOf } from "./delivery/provinces";
import { joinGuestOrders } from "./email-verification";
import { MAX_DATABASE_ID } from "./forms";
import { isValidAccessToken } from "./order-access";
import { withColorImages } from "./product-photos";
import { refundsOfOrders, type RefundView } from "./payments/refunds";

/** What the shopper is told about an order, derived from the order and its latest payment. */
export type OrderDisplayStatus =
  | "paid"
  | "awaiting_payment"
  | "confirming"
  | "rejected"
  | "expired"
  | "replaced"
  | "refunding"
  | "refunded"
  | "shipped"
  | "cancelled";

export type OrderLine = {
  productName: string;
  productSlug: string;
  image: string;
  size: string;
  color: string;
  unitPriceMinor: number;
  quantity: number;
  lineTotalMinor: number;
};

export type OrderSummary = {
  id: number;
  createdAt: Date;
  status: OrderDisplayStatus;
  totalMinor: number;
  currency: string;
  lines: OrderLine[];
};

export type OrderDetail = OrderSummary & {
  email: string;
  shipping: {
    fullName: string;
    address: string;
    city: string;
    postalCode: string;
    /** The jurisdiction's name; null on orders placed before checkout asked for it. */
    province: string | null;
    phone: string | null;
    /** DNI or CUIT as Argentines write it (12.345.678, 20-12345678-6). */
    taxId: string | null;
  };
  /** What delivery cost (0: free), part of the total; null on orders placed before shipping was charged. */
  shippingMinor: number | null;
  paidAt: Date | null;
  /** The Mercado Pago checkout link, only while it can still be paid. */
  payLink: string | null;
  payBy: Date | null;
  /** Money that went back (or is on its way back) for this order, and why. */
  refunds: RefundView[];
  /** How it travels, once it has shipped. */
  shipment: { carrier: string; trackingNumber: string } | null;
};

export type OrderViewer = { userId?: string | null; token?: string | null };

type LatestPayment = Pick<Payment, "status" | "expiresAt" | "initPoint">;

export function orderDisplayStatus(status: Order["status"], latest: LatestPayment | null, at: Date = now()): OrderDisplayStatus {
  if (status === "paid") return "paid";
  if (status === "refund_pending") return "refunding";
  if (status === "refunded") return "refunded";
  if (status === "cancelled") return "cancelled";
  if (status === "superseded") return "replaced";
  if (status === "expired" || !latest) return "expired";
  switch (latest.status) {
    // Approved while the order is still unpaid means finalization is in flight.
    case "pending":
    case "approved":
      return "confirming";
    case "rejected":
      return "rejected";
    case "refunded":
      return "refunded";
    case "created":
      return latest.expiresAt > at ? "awaiting_payment" : "expired";
    case "expired":
      return "expired";
    case "superseded":
      return "replaced";
  }
}

/**
 * `?notice=confirming` (set when Mercado Pago sends the shopper back) only
 * changes the wording while we still wait to hear about the payment; it never
 * makes an order look paid.
 */
export function statusWithNotice(status: OrderDisplayStatus, notice: string | undefined): OrderDisplayStatus {
  return notice === "confirming" && status === "awaiting_payment" ? "confirming" : status;
}

/** The signed-in user's orders, newest first; orders a newer one replaced before any money came are left out. */
export async function listOrders(userId: string): Promise<OrderSummary[]> {
  const rows = await db
    .select()
    .from(order)
    .where(and(eq(order.userId, userId), ne(order.status, "superseded")))
    .orderBy(desc(order.createdAt), desc(order.id))
    .limit(100);
  const { lines, payments } = await orderExtras(rows.map((row) => row.id));
  return rows.map((row) => summarize(row, lines.get(row.id) ?? [], payments.get(row.id) ?? null));
}

/**
 * My orders: first joins the guest orders placed with the account's email,
 * if it is verified (placed since it was confirmed, or settled since), then
 * lists them.
 */
export async function accountOrders(userId: string): Promise<OrderSummary[]> {
  await joinGuestOrders(db, userId);
  return listOrders(userId);
}

/**
 * One order, for its owner when signed in or for anyone holding the token
 * from its link; null otherwise, so a page cannot tell "not yours" from
 * "does not exist".
 */
export async function getOrderForViewer(orderId: number, viewer: OrderViewer): Promise<OrderDetail | null> {
  if (!Number.isInteger(orderId) || orderId < 1 || orderId > MAX_DATABASE_ID) return null;
  const [row] = await db.select().from(order).where(eq(order.id, orderId));
  if (!row) return null;
  const isOwner = Boolean(viewer.userId) && row.userId === viewer.userId;
  if (!isOwner && !isValidAccessToken(viewer.token, row.accessTokenHash)) return null;

  const [{ lines, payments }, refunds] = await Promise.all([orderExtras([row.id]), refundsOfOrders([row.id])]);
  const latest = payments.get(row.id) ?? null;
  const summary = summarize(row, lines.get(row.id) ?? [], latest);
  const isPayable = summary.status === "awaiting_payment" && Boolean(latest?.initPoint);
  return {
    ...summary,
    email: row.email,
    shipping: {
      fullName: row.fullName,
      address: row.address,
      city: row.city,
      postalCode: row.postalCode,
      province: provinceOf(row.province)?.name ?? null,
      phone: row.phone,
      taxId: row.taxId ? formatTaxId(row.taxId) : null,
    },
    shippingMinor: row.province ? row.shippingMinor : null,
    paidAt: row.paidAt,
    payLink: isPayable ? (latest?.initPoint ?? null) : null,
    payBy: isPayable ? (latest?.expiresAt ?? null) : null,
    refunds,
    shipment: row.fulfilment === "shipped" && row.carrier && row.trackingNumber ? { carrier: row.carrier, trackingNumber: row.trackingNumber } : null,
  };
}

function summarize(row: Order, lines: OrderLine[], latest: LatestPayment | null): OrderSummary {
  return {
    id: row.id,
    createdAt: row.createdAt,
    // Shipping is a paid order's last step, and the one the buyer waits for.
    status: row.status === "paid" && row.fulfilment === "shipped" ? "shipped" : orderDisplayStatus(row.status, latest),
    totalMinor: row.totalMinor,
    currency: row.currency,
    lines,
  };
}

/** The bought lines of orders, each with its colour's photo. */
async function orderItems(orderIds: number[]) {
  const rows = await db
    .select({ item: orderItem, productId: itemStock.productId })
    .from(orderItem)
    .innerJoin(itemStock, eq(itemStock.id, orderItem.itemStockId))
    .where(inArray(orderItem.orderId, orderIds))
    .orderBy(asc(orderItem.id));
  return withColorImages(db, rows.map(({ item, productId }) => ({ ...item, productId })));
}

/** Lines and the latest payment of each order. */
async function orderExtras(orderIds: number[]) {
  const lines = new Map<number, OrderLine[]>();
  const payments = new Map<number, LatestPayment>();
  if (orderIds.length === 0) return { lines, payments };
  const [items, latest] = await Promise.all([
    orderItems(orderIds),
    db
      .selectDistinctOn([payment.orderId], {
        orderId: payment.orderId,
        status: payment.status,
        expiresAt: payment.expiresAt,
        initPoint: payment.initPoint,
      })
      .from(payment)
      .where(inArray(payment.orderId, orderIds))
      .orderBy(asc(payment.orderId), desc(payment.createdAt)),
  ]);
  for (const item of items) {
    const line: OrderLine = {
      productName: item.productName,
      productSlug: item.productSlug,
      image: item.image,
      size: item.size,
      color: item.color,
      unitPriceMinor: item.unitPriceMinor,
      quantity: item.quantity,
      lineTotalMinor: item.unitPriceMinor * item.quantity,
    };
    lines.set(item.orderId, [...(lines.get(item.orderId) ?? []), line]);
  }
  for (const { orderId, ...rest } of latest) payments.set(orderId, rest);
  return { lines, payments };
}
