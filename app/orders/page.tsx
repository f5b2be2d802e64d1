import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { formatDate, formatMoney } from "@/components/format";
import { OrderLines } from "@/components/order-lines";
import { OrderStatusBadge } from "@/components/order-status";
import { currentUser } from "@/lib/auth";
import { listOrders } from "@/lib/orders";
import "./orders.css";

export const metadata: Metadata = { title: "My orders", robots: { index: false } };

export default async function OrdersPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=/orders");
  const orders = await listOrders(user.id);
  if (orders.length === 0) {
    return (
      <section className="empty-state">
        <h1>No orders yet</h1>
        <p className="muted">When you buy something, it will show up here with its status.</p>
        <Link className="button" href="/">Start shopping</Link>
      </section>
    );
  }
  return (
    <section className="orders-page">
      <h1>My orders</h1>
      <ul className="order-list" aria-label="Your orders, newest first">
        {orders.map((order) => (
          <li key={order.id} className="order-card" data-testid="order-card">
            <div className="order-card__head">
              <h2><Link href={`/orders/${order.id}`}>Order #{order.id}</Link></h2>
              <OrderStatusBadge status={order.status} />
            </div>
            <p className="order-card__meta muted">
              <span>Placed {formatDate(order.createdAt)}</span>
              <span>Total <strong>{formatMoney(order.totalMinor, order.currency)}</strong></span>
            </p>
            <OrderLines lines={order.lines} currency={order.currency} compact />
            <Link className="button button--ghost order-card__link" href={`/orders/${order.id}`} aria-label={`View order #${order.id}`}>View order</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
