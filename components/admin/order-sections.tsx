import Link from "next/link";
import type { StaffOrderDetail } from "@/lib/admin/orders";
import { formatTaxId } from "@/lib/delivery/fields";
import { provinceOf, ZONE_LABELS } from "@/lib/delivery/provinces";
import type { OrderEventKind } from "@/lib/order-events";
import type { RefundReason } from "@/lib/payments/refund-reasons";
import { formatDate, formatMoney } from "../format";
import { ORDER_EVENT_LABEL, PaymentStatusPill, REFUND_REASON_LABEL, RefundStatusPill } from "./order-labels";

type Detail = StaffOrderDetail;

const Time = ({ at }: { at: Date }) => <time dateTime={at.toISOString()}>{formatDate(at)}</time>;

export function OrderLinesTable({ lines, order }: Pick<Detail, "lines" | "order">) {
  return (
    <table className="admin-table admin-table--cards">
      <caption className="sr-only">Items of order #{order.id}</caption>
      <thead>
        <tr><th scope="col">Item</th><th scope="col">Size · colour</th><th scope="col" className="num">Qty</th><th scope="col" className="num">Unit</th><th scope="col" className="num">Total</th></tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.variantId}>
            <td>{line.productName}</td>
            <td data-label="Variant">{line.size} · {line.color}</td>
            <td data-label="Qty" className="num">{line.quantity}</td>
            <td data-label="Unit" className="num">{formatMoney(line.unitPriceMinor, order.currency)}</td>
            <td data-label="Total" className="num">{formatMoney(line.unitPriceMinor * line.quantity, order.currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {order.province ? (
          <tr data-testid="admin-shipping-line">
            <th scope="row" colSpan={4}>Shipping to {provinceOf(order.province)?.name ?? order.province}{order.shippingZone ? <span className="muted"> ({ZONE_LABELS[order.shippingZone].name})</span> : null}</th>
            <td className="num">{order.shippingMinor === 0 ? "Free" : formatMoney(order.shippingMinor, order.currency)}</td>
          </tr>
        ) : null}
        <tr><th scope="row" colSpan={4}>Order total</th><td className="num"><strong>{formatMoney(order.totalMinor, order.currency)}</strong></td></tr>
      </tfoot>
    </table>
  );
}

export function PaymentsTable({ payments }: Pick<Detail, "payments">) {
  if (payments.length === 0) return <p className="muted">No payment was created.</p>;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table admin-table--cards">
        <caption className="sr-only">Payments, oldest first</caption>
        <thead>
          <tr><th scope="col">Created</th><th scope="col">Status</th><th scope="col" className="num">Amount</th><th scope="col">Mercado Pago payment</th><th scope="col">Preference</th></tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}>
              <td data-label="Created"><Time at={p.createdAt} /></td>
              <td data-label="Status"><PaymentStatusPill status={p.status} />{p.approvedAt ? <> <span className="muted">on <Time at={p.approvedAt} /></span></> : null}</td>
              <td data-label="Amount" className="num">{formatMoney(p.amountMinor, p.currency)}</td>
              <td data-label="Mercado Pago payment"><code>{p.mercadoPagoPaymentId ?? "—"}</code></td>
              <td data-label="Preference"><code className="admin-code">{p.preferenceId ?? "—"}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HoldsList({ holds, lines }: Pick<Detail, "holds" | "lines">) {
  if (holds.length === 0) return <p className="muted">No active holds.</p>;
  const names = new Map(lines.map((line) => [line.variantId, `${line.productName} (${line.size} · ${line.color})`]));
  return (
    <ul>
      {holds.map((hold) => (
        <li key={hold.variantId}>{hold.quantity} × {names.get(hold.variantId) ?? `variant ${hold.variantId}`}, held until <Time at={hold.expiresAt} /></li>
      ))}
    </ul>
  );
}

export function RefundsTable({ refunds }: Pick<Detail, "refunds">) {
  if (refunds.length === 0) return <p className="muted">No refunds.</p>;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table admin-table--cards">
        <caption className="sr-only">Refunds of this order</caption>
        <thead>
          <tr><th scope="col">Reason</th><th scope="col">Status</th><th scope="col" className="num">Amount</th><th scope="col">Mercado Pago payment</th><th scope="col">Attempts</th></tr>
        </thead>
        <tbody>
          {refunds.map((r) => (
            <tr key={r.id}>
              <td><Link href={`/admin/money/${r.id}`}>{REFUND_REASON_LABEL[r.reason]}</Link></td>
              <td data-label="Status"><RefundStatusPill status={r.status} /></td>
              <td data-label="Amount" className="num">{formatMoney(r.amountMinor, r.currency)}</td>
              <td data-label="Mercado Pago payment"><code>{r.mercadoPagoPaymentId}</code></td>
              <td data-label="Attempts">{r.attempts}{r.lastError ? <span className="muted"> · last error: {r.lastError}</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Refund events carry the refund's reason code; everything else carries words or ids.
const eventDetail = (kind: string, detail: string) =>
  (kind === "refund_owed" || kind === "refunded") && detail in REFUND_REASON_LABEL ? REFUND_REASON_LABEL[detail as RefundReason] : detail;

export function OrderTimeline({ timeline }: Pick<Detail, "timeline">) {
  if (timeline.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="admin-timeline">
      {timeline.map((event, index) => (
        <li key={index}>
          <span className="muted"><Time at={event.at} /></span>
          <span>
            <strong>{ORDER_EVENT_LABEL[event.kind as OrderEventKind] ?? event.kind}</strong>
            {event.detail ? ` — ${eventDetail(event.kind, event.detail)}` : null}
            {event.staffEmail ? <span className="muted"> · by {event.staffEmail}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Where the order goes and who the courier calls. */
export function DeliveryDetails({ order }: Pick<Detail, "order">) {
  return (
    <>
      <address>
        {order.fullName}<br />{order.address}<br />{order.city}, {order.postalCode}
        {order.province ? <><br />{provinceOf(order.province)?.name ?? order.province}</> : null}
      </address>
      {order.phone ? <p>Phone: <a href={`tel:${order.phone.replace(/[^\d+]/g, "")}`}>{order.phone}</a></p> : null}
      {order.taxId ? <p>DNI/CUIT: {formatTaxId(order.taxId)}</p> : null}
    </>
  );
}
