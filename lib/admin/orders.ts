import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import {
  fulfilmentStatus, order, orderEvent, orderItem, orderStatus, payment, refund, stockHold, users,
  type Order, type Payment, type Refund,
} from "@/db/schema";
import { emailField } from "../accounts";
import { auditTrail, type AuditView } from "../audit";
import { now } from "../clock";
import { databaseIdField } from "../forms";

export type OrderStatus = Order["status"];
export type Fulfilment = Order["fulfilment"];
export type PaymentStatus = Payment["status"];
export type RefundStatus = Refund["status"];

const ORDERS_PAGE_SIZE = 50;

// The shop's dates are Buenos Aires dates; Argentina keeps UTC−3 all year.
const SHOP_UTC_OFFSET = "-03:00";
const DAY_MS = 86_400_000;

/** The filters of the staff's order list, as its query string carries them. */
export type OrderFilters = {
  status?: OrderStatus;
  fulfilment?: Fulfilment;
  /** Placed on or after this shop date (YYYY-MM-DD). */
  from?: string;
  /** Placed on or before this shop date (YYYY-MM-DD). */
  to?: string;
  /** An order number or a buyer's full email address. */
  q?: string;
  /** Keyset cursors: the page of orders older than order `after`, or newer than order `before`. */
  after?: number;
  before?: number;
};

// A real calendar date in a range PostgreSQL and Date both handle: "0000-01-01" or "9999-12-31" plus a day are not.
const shopDate = z.iso.date().refine((date) => date >= "2000-01-01" && date <= "2999-12-31");
const invalid = (label: string) => (value: string) => `Ignored the ${label} “${clip(value)}”: it is not valid.`;
const filterFields = {
  status: { schema: z.enum(orderStatus.enumValues), notice: invalid("status") },
  fulfilment: { schema: z.enum(fulfilmentStatus.enumValues), notice: invalid("fulfilment") },
  from: { schema: shopDate, notice: invalid("start date") },
  to: { schema: shopDate, notice: invalid("end date") },
  q: {
    schema: z.string().trim().refine((q) => searchOf(q) !== null),
    notice: (value: string) => `Ignored the search “${clip(value)}”: search by order number or by the buyer's full email address.`,
  },
  after: { schema: databaseIdField, notice: invalid("page") },
  before: { schema: databaseIdField, notice: invalid("page") },
} as const;

/**
 * Reads the list's query string: every valid filter is kept, every invalid
 * one is dropped with a notice saying so (a hand-edited link never fails).
 */
export function parseOrderFilters(query: Record<string, string | string[] | undefined>): { filters: OrderFilters; notices: string[] } {
  const kept: Record<string, unknown> = {};
  const notices: string[] = [];
  for (const [key, field] of Object.entries(filterFields)) {
    const raw = query[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value.trim() === "") continue;
    const parsed = field.schema.safeParse(value);
    if (parsed.success) kept[key] = parsed.data;
    else notices.push(field.notice(value));
  }
  const filters = kept as OrderFilters;
  if (filters.from && filters.to && filters.from > filters.to) {
    notices.push(`Ignored the dates: ${filters.from} is after ${filters.to}.`);
    delete filters.from;
    delete filters.to;
  }
  return { filters, notices };
}

const clip = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

type Search = { kind: "order"; id: number } | { kind: "email"; email: string };

/** An order number ("1042" or "#1042") or a full email address; null for anything else. */
function searchOf(q: string | undefined): Search | null {
  if (!q) return null;
  const id = databaseIdField.safeParse(q.startsWith("#") ? q.slice(1) : q);
  if (id.success) return { kind: "order", id: id.data };
  const email = emailField.safeParse(q);
  return email.success ? { kind: "email", email: email.data } : null;
}

/** The first instant of a shop date. */
const startOfShopDate = (date: string) => new Date(`${date}T00:00:00${SHOP_UTC_OFFSET}`);

export type OrderRow = Pick<Order, "id" | "createdAt" | "email" | "fullName" | "totalMinor" | "currency" | "status" | "fulfilment">;
type OrderPage = { orders: OrderRow[]; newerCursor: number | null; olderCursor: number | null };

// The cursor order's sort key is read in the same statement: a JS Date would round its microseconds.
const cursorKey = (id: number) => sql`(select c.created_at, c.id from ${order} as c where c.id = ${id})`;
const cursorCreatedAt = (id: number) => sql`(select c.created_at from ${order} as c where c.id = ${id})`;

function filterConditions(filters: OrderFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(eq(order.status, filters.status));
  if (filters.fulfilment) conditions.push(eq(order.fulfilment, filters.fulfilment));
  if (filters.from) conditions.push(gte(order.createdAt, startOfShopDate(filters.from)));
  if (filters.to) conditions.push(lt(order.createdAt, new Date(startOfShopDate(filters.to).getTime() + DAY_MS)));
  const search = searchOf(filters.q);
  if (search?.kind === "order") conditions.push(eq(order.id, search.id));
  if (search?.kind === "email") conditions.push(eq(order.email, search.email));
  return conditions;
}

/**
 * One page of orders for staff, newest first, by keyset: a page starts from
 * the (created_at, id) of the order before it, so it costs the same on page
 * 1 and page 200 and reads order(created_at), order(status, created_at),
 * order(email) or order(status, fulfilment, created_at).
 * `after` pages to older orders, `before` back to newer ones.
 */
export async function listOrdersForStaff(filters: OrderFilters, pageSize = ORDERS_PAGE_SIZE): Promise<OrderPage> {
  const conditions = filterConditions(filters);
  const isBackwards = filters.after === undefined && filters.before !== undefined;
  const from = filters.after ?? filters.before;
  if (from !== undefined) {
    // The plain created_at bound lets the index start at the cursor; the row comparison breaks ties by id.
    conditions.push(isBackwards
      ? sql`${order.createdAt} >= ${cursorCreatedAt(from)} and (${order.createdAt}, ${order.id}) > ${cursorKey(from)}`
      : sql`${order.createdAt} <= ${cursorCreatedAt(from)} and (${order.createdAt}, ${order.id}) < ${cursorKey(from)}`);
  }
  const direction = isBackwards ? asc : desc;
  const rows = await db
    .select({
      id: order.id, createdAt: order.createdAt, email: order.email, fullName: order.fullName,
      totalMinor: order.totalMinor, currency: order.currency, status: order.status, fulfilment: order.fulfilment,
    })
    .from(order)
    .where(and(...conditions))
    .orderBy(direction(order.createdAt), direction(order.id))
    .limit(pageSize + 1);
  const hasMore = rows.length > pageSize;
  const orders = rows.slice(0, pageSize);
  if (isBackwards) orders.reverse();
  const hasNewer = isBackwards ? hasMore : from !== undefined;
  const hasOlder = isBackwards ? true : hasMore;
  return {
    orders,
    newerCursor: hasNewer ? (orders[0]?.id ?? null) : null,
    olderCursor: hasOlder ? (orders.at(-1)?.id ?? null) : null,
  };
}

/**
 * Paid orders waiting for staff: to pack, and packed to ship. Shipped orders are left out in the
 * WHERE (not only by the FILTERs), so the count reads the few waiting rows of
 * order(status, fulfilment, created_at) instead of every paid order.
 */
export async function fulfilmentQueue(): Promise<{ toPack: number; toShip: number }> {
  const [row] = await db
    .select({
      toPack: sql<number>`count(*) filter (where ${order.fulfilment} = 'unfulfilled')::int`,
      toShip: sql<number>`count(*) filter (where ${order.fulfilment} = 'packed')::int`,
    })
    .from(order)
    .where(and(eq(order.status, "paid"), inArray(order.fulfilment, ["unfulfilled", "packed"])));
  return { toPack: row?.toPack ?? 0, toShip: row?.toShip ?? 0 };
}

type StaffOrderLine = {
  variantId: number;
  productName: string;
  size: string;
  color: string;
  unitPriceMinor: number;
  quantity: number;
};

export type StaffOrderDetail = {
  order: Order;
  lines: StaffOrderLine[];
  payments: Array<{
    id: string;
    status: Payment["status"];
    amountMinor: number;
    currency: string;
    preferenceId: string | null;
    mercadoPagoPaymentId: string | null;
    createdAt: Date;
    approvedAt: Date | null;
    expiresAt: Date;
  }>;
  /** Holds still counting against available stock. */
  holds: Array<{ variantId: number; quantity: number; expiresAt: Date }>;
  refunds: Array<{
    id: string;
    reason: Refund["reason"];
    status: RefundStatus;
    amountMinor: number;
    currency: string;
    mercadoPagoPaymentId: string;
    attempts: number;
    lastError: string | null;
    createdAt: Date;
  }>;
  timeline: Array<{ kind: string; detail: string | null; staffEmail: string | null; at: Date }>;
  audit: AuditView[];
  can: { pack: boolean; ship: boolean; cancel: boolean };
};

/** Everything staff need to know about one order; null when there is no such order. */
export async function getOrderForStaff(orderId: number): Promise<StaffOrderDetail | null> {
  const [row] = await db.select().from(order).where(eq(order.id, orderId));
  if (!row) return null;
  const [lines, payments, holds, refunds, timeline, audit] = await Promise.all([
    db
      .select({
        variantId: orderItem.itemStockId, productName: orderItem.productName, size: orderItem.size, color: orderItem.color,
        unitPriceMinor: orderItem.unitPriceMinor, quantity: orderItem.quantity,
      })
      .from(orderItem)
      .where(eq(orderItem.orderId, orderId))
      .orderBy(asc(orderItem.id)),
    db
      .select({
        id: payment.id, status: payment.status, amountMinor: payment.amountMinor, currency: payment.currency,
        preferenceId: payment.preferenceId, mercadoPagoPaymentId: payment.mercadoPagoPaymentId,
        createdAt: payment.createdAt, approvedAt: payment.approvedAt, expiresAt: payment.expiresAt,
      })
      .from(payment)
      .where(eq(payment.orderId, orderId))
      .orderBy(asc(payment.createdAt)),
    db
      .select({ variantId: stockHold.itemStockId, quantity: stockHold.quantity, expiresAt: stockHold.expiresAt })
      .from(stockHold)
      .where(and(eq(stockHold.orderId, orderId), gt(stockHold.expiresAt, now())))
      .orderBy(asc(stockHold.itemStockId)),
    db
      .select({
        id: refund.id, reason: refund.reason, status: refund.status, amountMinor: refund.amountMinor, currency: refund.currency,
        mercadoPagoPaymentId: refund.mercadoPagoPaymentId, attempts: refund.attempts, lastError: refund.lastError, createdAt: refund.createdAt,
      })
      .from(refund)
      .where(eq(refund.orderId, orderId))
      .orderBy(asc(refund.createdAt)),
    db
      .select({ kind: orderEvent.kind, detail: orderEvent.detail, staffEmail: users.email, at: orderEvent.createdAt })
      .from(orderEvent)
      .leftJoin(users, eq(users.id, orderEvent.staffUserId))
      .where(eq(orderEvent.orderId, orderId))
      .orderBy(asc(orderEvent.createdAt), asc(orderEvent.id)),
    auditTrail("order", orderId),
  ]);
  const isPaid = row.status === "paid";
  return {
    order: row,
    lines,
    payments,
    holds,
    refunds,
    timeline,
    audit,
    can: {
      pack: isPaid && row.fulfilment === "unfulfilled",
      ship: isPaid && row.fulfilment === "packed",
      cancel: isPaid && row.fulfilment !== "shipped" && payments.some((p) => p.status === "approved" && p.mercadoPagoPaymentId !== null),
    },
  };
}
