import "server-only";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { cart, cartItem, itemStock, order, orderItem, payment, stockHold, type Order, type Payment } from "@/db/schema";
import { now } from "@/lib/clock";
import { stockChanged } from "@/lib/catalog-cache";
import { enqueuePurchaseEmail, kickEmailDelivery } from "@/lib/email/outbox";
import { recordOrderEvents } from "@/lib/order-events";
import { activeUnitsByVariant, heldQuantity, moveStock, readUnderStockLock } from "@/lib/stock";
import { fetchPayment, type RemotePayment } from "./mercadopago";
import type { RefundReason } from "./refund-reasons";
import { kickRefunds, recordRefund } from "./refunds";
import { kickLinkExpiry, supersedeOrders } from "./supersede";

export type SettledOutcome = "approved" | "refunded" | "refund_pending" | "pending" | "rejected" | "expired" | "superseded";

/** Whose order a payment is for: the return route shows it only to them. */
export type OrderOwner = { orderId: number; userId: string | null; cartId: number | null };

/** What finalization found out; routes render it, nothing here is an exception. */
export type FinalizeResult =
  | ({ outcome: SettledOutcome | "mismatch" } & OrderOwner)
  | { outcome: "not_ours" }
  | { outcome: "unavailable" };

type Ours = OrderOwner & { paymentId: string };

const MERCADO_PAGO_ID = /^\d{1,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REJECTED = new Set(["rejected", "cancelled"]);
const IN_PROGRESS = new Set(["pending", "in_process", "authorized"]);

const toMinor = (amount: number) => Math.round(amount * 100);

/**
 * The one finalization, for both the shopper's return and the webhook. It
 * trusts nothing it is handed but the Mercado Pago payment id: status,
 * reference, amount and currency are read from Mercado Pago itself. Every
 * approval it cannot honour is recorded as a refund before it returns, so
 * the webhook answers 2xx only once the money is accounted for.
 */
export async function finalizePayment(mercadoPagoPaymentId: string): Promise<FinalizeResult> {
  if (!MERCADO_PAGO_ID.test(mercadoPagoPaymentId)) return { outcome: "not_ours" };
  const lookup = await fetchPayment(mercadoPagoPaymentId);
  if (!lookup.ok) return { outcome: lookup.reason === "unavailable" ? "unavailable" : "not_ours" };
  const remote = lookup.payment;
  const isApproved = remote.status === "approved";

  const row = await findOurPayment(remote.external_reference);
  if (!row) {
    // Money on our account that no payment of ours asked for goes back.
    if (isApproved) await owe(remote, "unmatched");
    return { outcome: "not_ours" };
  }
  const ours: Ours = { paymentId: row.paymentId, orderId: row.orderId, userId: row.userId, cartId: row.cartId };
  // The amount due is the order's snapshot, items plus its shipping line; the payment row asked Mercado Pago for the same.
  const dueMinor = row.itemsMinor + row.shippingMinor;
  const paidMinor = toMinor(remote.transaction_amount);
  if (paidMinor !== dueMinor || paidMinor !== row.amountMinor || remote.currency_id !== row.currency) {
    if (isApproved) await owe(remote, "mismatch", ours);
    return { outcome: "mismatch", ...owner(ours) };
  }
  if (isApproved) return approve(ours, remote.id);
  if (REJECTED.has(remote.status)) return reject(ours, remote.id);
  if (IN_PROGRESS.has(remote.status)) return markPending(ours, remote.id);
  return settled(ours, await currentState(ours.paymentId));
}

async function findOurPayment(reference: string | null | undefined) {
  if (!reference || !UUID.test(reference)) return null;
  const [row] = await db
    .select({
      paymentId: payment.id,
      orderId: payment.orderId,
      userId: order.userId,
      cartId: order.cartId,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      itemsMinor: sql<number>`(select coalesce(sum(${orderItem.unitPriceMinor} * ${orderItem.quantity}), 0)::int from ${orderItem} where ${orderItem.orderId} = ${order.id})`,
      shippingMinor: order.shippingMinor,
    })
    .from(payment)
    .innerJoin(order, eq(order.id, payment.orderId))
    .where(eq(payment.id, reference));
  return row ?? null;
}

/** Records a refund outside any other change (nothing of ours changes with it), then starts it. */
async function owe(remote: RemotePayment, reason: RefundReason, ours?: Ours): Promise<void> {
  await recordRefund(db, {
    mercadoPagoPaymentId: remote.id,
    reason,
    amountMinor: toMinor(remote.transaction_amount),
    currency: remote.currency_id,
    paymentId: ours?.paymentId ?? null,
    orderId: ours?.orderId ?? null,
  });
  kickRefunds();
}

const owner = ({ orderId, userId, cartId }: Ours): OrderOwner => ({ orderId, userId, cartId });

type State = { paymentStatus: Payment["status"]; orderStatus: Order["status"] } | null;

function settled(ours: Ours, state: State): FinalizeResult {
  if (!state) return { outcome: "not_ours" };
  return { outcome: outcomeOf(state), ...owner(ours) };
}

function outcomeOf({ paymentStatus, orderStatus }: NonNullable<State>): SettledOutcome {
  if (orderStatus === "paid") return "approved";
  if (orderStatus === "refunded") return "refunded";
  if (orderStatus === "refund_pending") return "refund_pending";
  if (paymentStatus === "rejected") return "rejected";
  if (paymentStatus === "superseded" || orderStatus === "superseded") return "superseded";
  if (paymentStatus === "expired" || orderStatus === "expired") return "expired";
  return "pending";
}

async function currentState(paymentId: string): Promise<State> {
  const [row] = await db
    .select({ paymentStatus: payment.status, orderStatus: order.status })
    .from(payment)
    .innerJoin(order, eq(order.id, payment.orderId))
    .where(eq(payment.id, paymentId));
  return row ?? null;
}

/**
 * Locks our payment row — after the order's cart row, the lock order confirm
 * uses too — then reads its order fresh (after the lock is ours).
 */
async function lockPayment(tx: Transaction, ours: Ours) {
  if (ours.cartId !== null) await tx.select({ id: cart.id }).from(cart).where(eq(cart.id, ours.cartId)).for("update");
  const [locked] = await tx.select().from(payment).where(eq(payment.id, ours.paymentId)).for("update");
  if (!locked) return null;
  const [owning] = await tx.select().from(order).where(eq(order.id, locked.orderId));
  return owning ? { payment: locked, order: owning } : null;
}

type Approval =
  | { kind: "gone" }
  | { kind: "settled"; state: NonNullable<State> }
  | { kind: "paid"; hasSuperseded: boolean }
  | { kind: "refunding"; state: NonNullable<State> };

/** Thrown to roll back an approval whose stock fell short; the second pass refunds. */
class Uncovered extends Error {}

/**
 * The payment row lock makes concurrent finalizations of one payment take
 * turns, and the first one wins; later ones see it approved and stop. The
 * first pass pays the order and takes its stock last; if the stock falls
 * short it rolls back whole, and a second pass, under the same locks again,
 * records the refund instead.
 */
async function approve(ours: Ours, mercadoPagoPaymentId: string): Promise<FinalizeResult> {
  let approval: Approval;
  try {
    approval = await db.transaction((tx) => settleApproval(tx, ours, mercadoPagoPaymentId, true));
  } catch (error) {
    if (!(error instanceof Uncovered)) throw error;
    approval = await db.transaction((tx) => settleApproval(tx, ours, mercadoPagoPaymentId, false));
  }
  // Holds became sales, or went with the refund: pages show the new availability.
  if (approval.kind === "paid" || approval.kind === "refunding") stockChanged();

  switch (approval.kind) {
    case "gone":
      return { outcome: "not_ours" };
    case "paid":
      kickEmailDelivery();
      if (approval.hasSuperseded) kickLinkExpiry();
      return { outcome: "approved", ...owner(ours) };
    case "refunding":
      kickRefunds();
      return settled(ours, approval.state);
    case "settled":
      return settled(ours, approval.state);
  }
}

/**
 * One approval, in one transaction. Locks: cart, payment, the cart's other
 * payments, then — last, for the guarded decrement alone — each variant by
 * id, so a hot variant's row lock is held from its decrement to commit.
 * Everything else (the order, its events, the cart, the email) is done before.
 */
async function settleApproval(tx: Transaction, ours: Ours, mercadoPagoPaymentId: string, mayTakeStock: boolean): Promise<Approval> {
  const found = await lockPayment(tx, ours);
  if (!found) return { kind: "gone" };
  const { payment: locked, order: owning } = found;
  const refundThis = async (reason: RefundReason, orderStatus: Order["status"]): Promise<Approval> => {
    await recordRefund(tx, {
      mercadoPagoPaymentId,
      reason,
      amountMinor: locked.amountMinor,
      currency: locked.currency,
      paymentId: locked.id,
      orderId: owning.id,
    });
    return { kind: "refunding", state: { paymentStatus: "approved", orderStatus } };
  };

  if (locked.status === "approved" || locked.status === "refunded") {
    // The same link paid a second time: the order is settled, this money goes back.
    if (locked.mercadoPagoPaymentId !== mercadoPagoPaymentId) return refundThis("duplicate", owning.status);
    return { kind: "settled", state: { paymentStatus: locked.status, orderStatus: owning.status } };
  }
  const at = now();
  await tx.update(payment).set({ status: "approved", approvedAt: at, mercadoPagoPaymentId }).where(eq(payment.id, locked.id));
  if (locked.status === "superseded" || owning.status === "superseded") {
    // Its cart went another way: a newer order replaced this one.
    await tx.update(order).set({ status: "refund_pending" }).where(eq(order.id, owning.id));
    return refundThis("superseded", "refund_pending");
  }
  if (!mayTakeStock) {
    // The first pass found the stock short: the holds go and the money goes back.
    await tx.delete(stockHold).where(eq(stockHold.orderId, owning.id));
    await tx.update(order).set({ status: "refund_pending" }).where(eq(order.id, owning.id));
    return refundThis(locked.status === "expired" ? "expired" : "sold_out", "refund_pending");
  }

  // Read once: the email lists them as placed, the stock is taken in variant id order (the lock order).
  const items = await tx.select().from(orderItem).where(eq(orderItem.orderId, owning.id)).orderBy(asc(orderItem.id));
  const lines = items.toSorted((a, b) => a.itemStockId - b.itemStockId);
  const held = activeUnitsByVariant(await tx.delete(stockHold).where(eq(stockHold.orderId, owning.id))
    .returning({ itemStockId: stockHold.itemStockId, quantity: stockHold.quantity, expiresAt: stockHold.expiresAt }), at);
  await tx.update(order).set({ status: "paid", paidAt: at }).where(eq(order.id, owning.id));
  await recordOrderEvents(tx, [owning.id], "paid", { detail: mercadoPagoPaymentId });
  let hasSuperseded = false;
  if (owning.cartId !== null) {
    hasSuperseded = await supersedeRestOfCart(tx, owning.cartId, owning.id);
    await removeBoughtLines(tx, owning.cartId, lines);
  }
  await enqueuePurchaseEmail(tx, owning, items);
  for (const line of lines) {
    if (!(await takeLine(tx, owning.id, line, (held.get(line.itemStockId) ?? 0) >= line.quantity, at))) throw new Uncovered();
  }
  return { kind: "paid", hasSuperseded };
}

/** A paid order ends the cart's other unpaid orders: one live order per cart. */
async function supersedeRestOfCart(tx: Transaction, cartId: number, paidOrderId: number): Promise<boolean> {
  const rest = await tx
    .select({ orderId: payment.orderId })
    .from(payment)
    .innerJoin(order, eq(order.id, payment.orderId))
    .where(and(eq(order.cartId, cartId), ne(order.id, paidOrderId), inArray(payment.status, ["created", "pending"])))
    .orderBy(asc(payment.id))
    .for("update", { of: payment });
  await supersedeOrders(tx, rest.map((r) => r.orderId));
  return rest.length > 0;
}

/**
 * Turns one line into a sale. Units the order still held were set aside for
 * it at confirm, so the guarded decrement alone decides (one statement, the
 * variant's row lock held from here to commit; no stock lock, as what is
 * available does not change). A line whose hold lapsed is covered only by
 * units nobody else holds: a new claim on the free units, so it is decided
 * under the variant's stock lock, like a confirm (see lockStock).
 */
async function takeLine(
  tx: Transaction,
  orderId: number,
  line: { itemStockId: number; quantity: number },
  isHeld: boolean,
  at: Date,
): Promise<boolean> {
  if (!isHeld) {
    const [variant] = await readUnderStockLock<{ free: number }>(tx, [line.itemStockId],
      sql`select ${itemStock.quantity} - ${heldQuantity(itemStock.id, at, orderId)} as free from ${itemStock} where ${itemStock.id} = ${line.itemStockId}`);
    if (!variant || variant.free < line.quantity) return false;
  }
  return (await moveStock(tx, line.itemStockId, -line.quantity, { reason: "sale", orderId })) !== null;
}

/** Subtracts what was bought from the cart, in one statement; lines that reach zero go. */
async function removeBoughtLines(tx: Transaction, cartId: number, lines: Array<{ itemStockId: number; quantity: number }>) {
  if (lines.length === 0) return;
  const bought = sql.join(lines.map((l) => sql`(${l.itemStockId}::int, ${l.quantity}::int)`), sql`, `);
  await tx.execute(sql`
    with bought (item_stock_id, quantity) as (values ${bought}),
    gone as (
      delete from ${cartItem} using bought
      where ${cartItem.cartId} = ${cartId} and ${cartItem.itemStockId} = bought.item_stock_id and ${cartItem.quantity} <= bought.quantity
    )
    update ${cartItem} set quantity = ${cartItem.quantity} - bought.quantity from bought
    where ${cartItem.cartId} = ${cartId} and ${cartItem.itemStockId} = bought.item_stock_id and ${cartItem.quantity} > bought.quantity`);
}

/** Rejected or cancelled: the order stays unpaid and its stock is free again. */
async function reject(ours: Ours, mercadoPagoPaymentId: string): Promise<FinalizeResult> {
  const state = await db.transaction(async (tx): Promise<State> => {
    const found = await lockPayment(tx, ours);
    if (!found) return null;
    const isThisAttempt = found.payment.status === "pending" && found.payment.mercadoPagoPaymentId === mercadoPagoPaymentId;
    if (found.payment.status === "created" || isThisAttempt) {
      await tx.update(payment).set({ status: "rejected", mercadoPagoPaymentId }).where(eq(payment.id, ours.paymentId));
      await tx.delete(stockHold).where(eq(stockHold.orderId, ours.orderId));
      await recordOrderEvents(tx, [ours.orderId], "payment_rejected", { detail: mercadoPagoPaymentId });
      return { paymentStatus: "rejected", orderStatus: found.order.status };
    }
    return { paymentStatus: found.payment.status, orderStatus: found.order.status };
  });
  if (state?.paymentStatus === "rejected") stockChanged();
  // Any other state stands: a rejected attempt does not undo another attempt still in process or approved.
  return settled(ours, state);
}

/** Pending or in process: Mercado Pago will tell us (webhook) how it ends. */
async function markPending(ours: Ours, mercadoPagoPaymentId: string): Promise<FinalizeResult> {
  const state = await db.transaction(async (tx): Promise<State> => {
    const found = await lockPayment(tx, ours);
    if (!found) return null;
    if (found.payment.status === "created" || found.payment.status === "rejected") {
      await tx.update(payment).set({ status: "pending", mercadoPagoPaymentId }).where(eq(payment.id, ours.paymentId));
      await recordOrderEvents(tx, [ours.orderId], "payment_pending", { detail: mercadoPagoPaymentId });
      return { paymentStatus: "pending", orderStatus: found.order.status };
    }
    return { paymentStatus: found.payment.status, orderStatus: found.order.status };
  });
  return settled(ours, state);
}
