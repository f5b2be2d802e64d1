import Link from "next/link";
import type { ReactNode } from "react";
import type { OrderDisplayStatus } from "@/lib/orders";
import { REFUND_REASON_TEXT } from "@/lib/payments/refund-reasons";
import type { RefundView } from "@/lib/payments/refunds";
import { AutoRefresh } from "./auto-refresh";
import { formatDate, formatMoney } from "./format";

const ORDER_STATUS_LABEL: Record<OrderDisplayStatus, string> = {
  paid: "Paid",
  awaiting_payment: "Pending payment",
  confirming: "Payment being confirmed",
  rejected: "Payment declined",
  expired: "Expired",
  replaced: "Replaced",
  refunding: "Refund in progress",
  refunded: "Refunded",
  shipped: "Shipped",
  cancelled: "Cancelled",
};

export function OrderStatusBadge({ status }: { status: OrderDisplayStatus }) {
  return <span className={`order-badge order-badge--${status}`}>{ORDER_STATUS_LABEL[status]}</span>;
}

type PanelProps = {
  status: OrderDisplayStatus;
  payLink: string | null;
  payBy: Date | null;
  refunds: RefundView[];
  shipment: { carrier: string; trackingNumber: string } | null;
};

/** What the status means for the shopper and what happens next, with any refund and why. */
export function OrderStatusPanel(props: PanelProps) {
  const isAboutRefunds = props.status === "refunding" || props.status === "refunded" || props.status === "cancelled";
  return (
    <>
      <StatusPanel {...props} />
      {!isAboutRefunds && props.refunds.length > 0 ? (
        <Panel tone="warn" title="A payment was refunded" id="order-refunds"><RefundList refunds={props.refunds} /></Panel>
      ) : null}
    </>
  );
}

function StatusPanel({ status, payLink, payBy, refunds, shipment }: PanelProps) {
  switch (status) {
    case "shipped":
      return (
        <Panel tone="ok" title="Your order is on its way">
          {shipment ? (
            <p>Shipped with <strong>{shipment.carrier}</strong>. Tracking number: <strong data-testid="tracking-number">{shipment.trackingNumber}</strong></p>
          ) : (
            <p>Your order has left our shop.</p>
          )}
        </Panel>
      );
    case "cancelled":
      return (
        <Panel tone="warn" title="This order was cancelled">
          <RefundList refunds={refunds} />
        </Panel>
      );
    case "paid":
      return <Panel tone="ok" title="Thank you — your order is paid">We’re preparing your order; a confirmation email is on its way.</Panel>;
    case "awaiting_payment":
      return payLink ? (
        <Panel tone="warn" title="Waiting for your payment">
          <p>Your items are reserved{payBy ? ` until ${formatDate(payBy)}` : ""}. Pay on Mercado Pago to complete your order.</p>
          <a className="button" href={payLink}>Pay with Mercado Pago</a>
        </Panel>
      ) : (
        <Panel tone="warn" title="Waiting for your payment">We’re waiting to hear from Mercado Pago about this order.</Panel>
      );
    case "confirming":
      return (
        <Panel tone="info" title="Confirming your payment">
          <p>We’re confirming your payment with Mercado Pago — this page will update.</p>
          <AutoRefresh />
        </Panel>
      );
    case "rejected":
      return (
        <Panel tone="error" title="Your payment was declined">
          <p>Mercado Pago declined the payment, so nothing was charged. You can confirm your cart and try again.</p>
          <Link className="button button--ghost" href="/cart">Back to your cart</Link>
        </Panel>
      );
    case "expired":
      return (
        <Panel tone="error" title="This payment link has expired">
          <p>Nothing was charged and the items are no longer reserved. Confirm your cart again to get a new link.</p>
          <Link className="button button--ghost" href="/cart">Back to your cart</Link>
        </Panel>
      );
    case "replaced":
      return (
        <Panel tone="info" title="This order was replaced">
          <p>You confirmed a newer order from the same cart, so this one was closed and its payment link no longer works. Nothing was charged for it.</p>
          <Link className="button button--ghost" href="/cart">Back to your cart</Link>
        </Panel>
      );
    case "refunding":
      return (
        <Panel tone="warn" title="Your payment is being refunded">
          <RefundList refunds={refunds} />
        </Panel>
      );
    case "refunded":
      return (
        <Panel tone="warn" title="Your payment has been refunded">
          <RefundList refunds={refunds} />
        </Panel>
      );
  }
}

/** Each refund of the order: why, how much, and whether Mercado Pago has returned it yet. */
function RefundList({ refunds }: { refunds: RefundView[] }) {
  return (
    <ul className="refund-list">
      {refunds.map((refund, index) => (
        <li key={index} data-testid="refund">
          <p>{REFUND_REASON_TEXT[refund.reason]}</p>
          <p className="muted">
            {formatMoney(refund.amountMinor, refund.currency)}
            {refund.isDone && refund.refundedAt
              ? ` refunded on ${formatDate(refund.refundedAt)}. It can take a few business days to show on your statement.`
              : " is on its way back to you through Mercado Pago; we'll email you once it's done."}
          </p>
        </li>
      ))}
    </ul>
  );
}

type Tone = "ok" | "warn" | "error" | "info";

function Panel({ tone, title, id = "order-panel", children }: { tone: Tone; title: string; id?: string; children: ReactNode }) {
  return (
    <section className={`order-panel order-panel--${tone}`} aria-labelledby={`${id}-title`} role="status">
      <h2 id={`${id}-title`}>{title}</h2>
      {typeof children === "string" ? <p>{children}</p> : children}
    </section>
  );
}
