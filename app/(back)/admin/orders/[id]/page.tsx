import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { AuditTrail } from "@/components/admin/audit-trail";
import { CancelForm, ShipForm } from "@/components/admin/order-forms";
import { FulfilmentPill, OrderStatusPill } from "@/components/admin/order-labels";
import { DeliveryDetails, HoldsList, OrderLinesTable, OrderTimeline, PaymentsTable, RefundsTable } from "@/components/admin/order-sections";
import { formatDate, formatMoney } from "@/components/format";
import { getOrderForStaff } from "@/lib/admin/orders";
import { databaseIdField } from "@/lib/forms";
import { requireStaff } from "@/lib/staff";
import { cancelOrderAction, packOrderAction, shipOrderAction } from "./actions";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Order #${(await params).id}` };
}

export default async function AdminOrderPage({ params }: Props) {
  await requireStaff();
  const id = databaseIdField.safeParse((await params).id);
  const detail = id.success ? await getOrderForStaff(id.data) : null;
  if (!detail) notFound();
  const { order, can } = detail;
  return (
    <>
      <p className="breadcrumb"><Link href="/admin/orders">Orders</Link> / #{order.id}</p>
      <div className="admin-head">
        <div>
          <h1>Order #{order.id}</h1>
          <p className="muted">Placed {formatDate(order.createdAt)}{order.paidAt ? ` · paid ${formatDate(order.paidAt)}` : ""}</p>
        </div>
        <p className="admin-head__pills" role="status">
          <OrderStatusPill status={order.status} /> <FulfilmentPill fulfilment={order.fulfilment} />
          {order.carrier ? <span> {order.carrier} · <span data-testid="admin-tracking">{order.trackingNumber}</span></span> : null}
        </p>
      </div>
      {can.pack || can.ship || can.cancel ? (
        <section className="admin-panel admin-actions" aria-labelledby="next-title">
          <h2 id="next-title">Actions</h2>
          {can.pack ? (
            <ActionForm action={packOrderAction} submitLabel="Mark packed" pendingLabel="Saving…">
              <input type="hidden" name="orderId" value={order.id} />
            </ActionForm>
          ) : null}
          {can.ship ? <ShipForm action={shipOrderAction} orderId={order.id} /> : null}
          {can.cancel ? (
            <div className="admin-danger">
              <h3>Cancel and refund</h3>
              <CancelForm action={cancelOrderAction} orderId={order.id} amount={formatMoney(order.totalMinor, order.currency)} />
            </div>
          ) : null}
        </section>
      ) : null}
      <div className="admin-grid admin-grid--detail">
        <section className="admin-panel" aria-labelledby="items-title">
          <h2 id="items-title">Items</h2>
          <OrderLinesTable lines={detail.lines} order={order} />
        </section>
        <section className="admin-panel" aria-labelledby="delivery-title">
          <h2 id="delivery-title">Delivery</h2>
          <DeliveryDetails order={order} />
          <p>Buyer: <a href={`mailto:${order.email}`}>{order.email}</a> <span className="muted">({order.userId ? "account" : "guest"})</span></p>
        </section>
      </div>
      <section className="admin-panel" aria-labelledby="payments-title">
        <h2 id="payments-title">Payments</h2>
        <PaymentsTable payments={detail.payments} />
        <h3>Holds on stock</h3>
        <HoldsList holds={detail.holds} lines={detail.lines} />
      </section>
      <section className="admin-panel" aria-labelledby="refunds-title">
        <h2 id="refunds-title">Refunds</h2>
        <RefundsTable refunds={detail.refunds} />
      </section>
      <div className="admin-grid admin-grid--detail">
        <section className="admin-panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">Timeline</h2>
          <OrderTimeline timeline={detail.timeline} />
        </section>
        <section className="admin-panel" aria-labelledby="audit-title">
          <h2 id="audit-title">Staff changes</h2>
          <AuditTrail entries={detail.audit} />
        </section>
      </div>
    </>
  );
}
