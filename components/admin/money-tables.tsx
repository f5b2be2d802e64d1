import Link from "next/link";
import type { QueuedRefund } from "@/lib/admin/money";
import { formatAge, formatDate, formatMoney } from "../format";
import { REFUND_REASON_LABEL, RefundStatusPill } from "./order-labels";

const OrderLink = ({ orderId }: { orderId: number | null }) =>
  orderId === null ? <span className="muted">none</span> : <Link href={`/admin/orders/${orderId}`}>#{orderId}</Link>;

/** Refunds Mercado Pago has not accepted yet, oldest first. */
export function PendingRefundsTable({ refunds, at }: { refunds: QueuedRefund[]; at: Date }) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table admin-table--cards">
        <caption className="sr-only">Refunds waiting on Mercado Pago, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Refund</th><th scope="col">Age</th><th scope="col" className="num">Amount</th><th scope="col">Order</th>
            <th scope="col" className="num">Attempts</th><th scope="col">Last error</th><th scope="col">Next attempt</th>
          </tr>
        </thead>
        <tbody>
          {refunds.map((r) => (
            <tr key={r.id}>
              <th scope="row"><Link href={`/admin/money/${r.id}`}>{REFUND_REASON_LABEL[r.reason]}</Link></th>
              <td data-label="Age">{formatAge(r.createdAt, at)}</td>
              <td data-label="Amount" className="num">{formatMoney(r.amountMinor, r.currency)}</td>
              <td data-label="Order"><OrderLink orderId={r.orderId} /></td>
              <td data-label="Attempts" className="num">{r.attempts}</td>
              <td data-label="Last error" className="admin-error-text">{r.lastError ?? <span className="muted">none yet</span>}</td>
              <td data-label="Next attempt">{formatDate(r.nextAttemptAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Approved payments that matched no order of ours, newest first, whatever became of them. */
export function UnmatchedPaymentsTable({ refunds }: { refunds: QueuedRefund[] }) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table admin-table--cards">
        <caption className="sr-only">Payments that matched no order, newest first</caption>
        <thead>
          <tr><th scope="col">Mercado Pago payment</th><th scope="col">Received</th><th scope="col" className="num">Amount</th><th scope="col">Refund</th></tr>
        </thead>
        <tbody>
          {refunds.map((r) => (
            <tr key={r.id}>
              <th scope="row"><Link href={`/admin/money/${r.id}`}><code>{r.mercadoPagoPaymentId}</code></Link></th>
              <td data-label="Received">{formatDate(r.createdAt)}</td>
              <td data-label="Amount" className="num">{formatMoney(r.amountMinor, r.currency)}</td>
              <td data-label="Refund"><RefundStatusPill status={r.status} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
