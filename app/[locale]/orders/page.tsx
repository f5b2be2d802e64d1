import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formatDate, formatMoney } from "@/components/format";
import { OrderLines } from "@/components/order-lines";
import { OrderStatusBadge } from "@/components/order-status";
import { VerifyEmailPanel } from "@/components/verify-email-panel";
import { currentUser } from "@/lib/auth";
import { emailStatus } from "@/lib/email-verification";
import { accountOrders } from "@/lib/orders";
import { resendVerificationAction } from "../verify-email/actions";
import "./orders.css";

export const metadata: Metadata = { title: "My orders", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const noticeField = z.literal("email-confirmed").optional().catch(undefined);

export default async function OrdersPage({ searchParams }: Props) {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=/orders");
  const [orders, account] = await Promise.all([accountOrders(user.id), emailStatus(user.id)]);
  const notice = noticeField.parse((await searchParams).notice);
  const top = (
    <>
      {notice && account?.isVerified ? (
        <p className="notice notice--ok" role="status">Your email is confirmed. Orders you placed with it as a guest are listed here.</p>
      ) : null}
      {account && !account.isVerified ? <VerifyEmailPanel email={account.email} resend={resendVerificationAction} /> : null}
    </>
  );
  if (orders.length === 0) {
    return (
      <section className="orders-page">
        {top}
        <div className="empty-state">
          <h1>No orders yet</h1>
          <p className="muted">When you buy something, it will show up here with its status.</p>
          <Link className="button" href="/">Start shopping</Link>
        </div>
      </section>
    );
  }
  return (
    <section className="orders-page">
      <h1>My orders</h1>
      {top}
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
