import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { formatDate, formatMoney } from "@/components/format";
import { OrderLines } from "@/components/order-lines";
import { OrderStatusBadge } from "@/components/order-status";
import { VerifyEmailPanel } from "@/components/verify-email-panel";
import { Link, redirect } from "@/i18n/navigation";
import { currentUser } from "@/lib/auth";
import { emailStatus } from "@/lib/email-verification";
import { accountOrders } from "@/lib/orders";
import { localizedPath } from "@/lib/urls";
import { resendVerificationAction } from "../verify-email/actions";
import "./orders.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orders"))("listTitle"), robots: { index: false } };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const noticeField = z.literal("email-confirmed").optional().catch(undefined);

export default async function OrdersPage({ searchParams }: Props) {
  const user = await currentUser();
  const locale = await getLocale();
  if (!user) return redirect({ href: `/sign-in?next=${encodeURIComponent(localizedPath("/orders", locale))}`, locale });
  const t = await getTranslations("orders");
  const [orders, account] = await Promise.all([accountOrders(user.id), emailStatus(user.id)]);
  const notice = noticeField.parse((await searchParams).notice);
  const top = (
    <>
      {notice && account?.isVerified ? (
        <p className="notice notice--ok" role="status">{t("emailConfirmed")}</p>
      ) : null}
      {account && !account.isVerified ? <VerifyEmailPanel email={account.email} resend={resendVerificationAction} /> : null}
    </>
  );
  if (orders.length === 0) {
    return (
      <section className="orders-page">
        {top}
        <div className="empty-state">
          <h1>{t("noneTitle")}</h1>
          <p className="muted">{t("noneBody")}</p>
          <Link className="button" href="/">{t("startShopping")}</Link>
        </div>
      </section>
    );
  }
  return (
    <section className="orders-page">
      <h1>{t("listTitle")}</h1>
      {top}
      <ul className="order-list" aria-label={t("listLabel")}>
        {orders.map((order) => (
          <li key={order.id} className="order-card" data-testid="order-card">
            <div className="order-card__head">
              <h2><Link href={`/orders/${order.id}`}>{t("heading", { id: order.id })}</Link></h2>
              <OrderStatusBadge status={order.status} />
            </div>
            <p className="order-card__meta muted">
              <span>{t("placed", { date: formatDate(order.createdAt, locale) })}</span>
              <span>{t("total")} <strong>{formatMoney(order.totalMinor, order.currency)}</strong></span>
            </p>
            <OrderLines lines={order.lines} currency={order.currency} compact />
            <Link className="button button--ghost order-card__link" href={`/orders/${order.id}`} aria-label={t("viewOrderLabel", { id: order.id })}>{t("viewOrder")}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
