import Link from "next/link";
import type { ReactNode } from "react";
import type { OrderDisplayStatus } from "@/lib/orders";
import { AutoRefresh } from "./auto-refresh";
import { formatDate } from "./format";

const ORDER_STATUS_LABEL: Record<OrderDisplayStatus, string> = {
  paid: "Paid",
  awaiting_payment: "Pending payment",
  confirming: "Payment being confirmed",
  rejected: "Payment declined",
  expired: "Expired",
  refunded: "Refunded",
};

export function OrderStatusBadge({ status }: { status: OrderDisplayStatus }) {
  return <span className={`order-badge order-badge--${status}`}>{ORDER_STATUS_LABEL[status]}</span>;
}

type PanelProps = { status: OrderDisplayStatus; payLink: string | null; payBy: Date | null };

/** What the status means for the shopper and what happens next. */
export function OrderStatusPanel({ status, payLink, payBy }: PanelProps) {
  switch (status) {
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
    case "refunded":
      return (
        <Panel tone="warn" title="Your payment has been refunded">
          An item sold out before your payment reached us; your payment has been refunded in full. It can take a few days to show on your statement.
        </Panel>
      );
  }
}

function Panel({ tone, title, children }: { tone: "ok" | "warn" | "error" | "info"; title: string; children: ReactNode }) {
  return (
    <section className={`order-panel order-panel--${tone}`} aria-labelledby="order-panel-title" role="status">
      <h2 id="order-panel-title">{title}</h2>
      {typeof children === "string" ? <p>{children}</p> : children}
    </section>
  );
}
