import Link from "next/link";
import type { MoneyItem } from "@/lib/admin/money";
import { formatDate, formatMoney } from "../format";
import { OrderStatusPill, PaymentStatusPill, REFUND_REASON_LABEL } from "./order-labels";

/** What the refund is: why, how much, for which order and payment, and how it ended. */
export function RefundFacts({ item }: { item: MoneyItem }) {
  const { refund, order, payment } = item;
  return (
    <dl className="admin-facts">
      <dt>Reason</dt><dd>{REFUND_REASON_LABEL[refund.reason]}</dd>
      <dt>Amount</dt><dd>{formatMoney(refund.amountMinor, refund.currency)}</dd>
      <dt>Recorded</dt><dd>{formatDate(refund.createdAt)}</dd>
      <dt>Order</dt>
      <dd>{order ? <><Link href={`/admin/orders/${order.id}`}>#{order.id}</Link> · {order.email} · <OrderStatusPill status={order.status} /></> : "None: the payment matched no order"}</dd>
      <dt>Our payment</dt>
      <dd>{payment ? <><code>{payment.id}</code> · <PaymentStatusPill status={payment.status} />{payment.preferenceId ? <> · preference <code>{payment.preferenceId}</code></> : null}</> : "None"}</dd>
      <dt>Mercado Pago payment</dt><dd><code>{refund.mercadoPagoPaymentId}</code></dd>
      <dt>Attempts</dt><dd>{refund.attempts}</dd>
      {refund.status === "pending" ? <><dt>Next attempt</dt><dd>{formatDate(refund.nextAttemptAt)}</dd></> : null}
      {refund.lastError ? <><dt>Last error</dt><dd className="admin-error-text">{refund.lastError}</dd></> : null}
      {refund.refundedAt ? <><dt>Refunded</dt><dd>{formatDate(refund.refundedAt)}{refund.mercadoPagoRefundId ? ` · refund ${refund.mercadoPagoRefundId}` : ""}</dd></> : null}
      {refund.resolvedAt ? (
        <><dt>Resolved by hand</dt><dd>{formatDate(refund.resolvedAt)} by {item.resolvedByEmail ?? "a former staff member"}: {refund.resolutionNote}</dd></>
      ) : null}
    </dl>
  );
}

/** Every call the refund job made to Mercado Pago for this refund, oldest first. */
export function RefundAttempts({ attempts }: Pick<MoneyItem, "attempts">) {
  if (attempts.length === 0) return <p className="muted">Not asked yet.</p>;
  return (
    <ol className="admin-timeline">
      {attempts.map((attempt, index) => (
        <li key={index}>
          <time className="muted" dateTime={attempt.at.toISOString()}>{formatDate(attempt.at)}</time>
          <span>{attempt.isOk ? <strong>Accepted</strong> : <><strong>Refused</strong>: <span className="admin-error-text">{attempt.error}</span></>}</span>
        </li>
      ))}
    </ol>
  );
}
