import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { formatDate, formatMoney } from "@/components/format";
import { OrderLines } from "@/components/order-lines";
import { OrderStatusBadge, OrderStatusPanel } from "@/components/order-status";
import { Link } from "@/i18n/navigation";
import { currentUser } from "@/lib/auth";
import { databaseIdField } from "@/lib/forms";
import { getOrderForViewer, statusWithNotice } from "@/lib/orders";
import "../orders.css";

// The link may carry the order's token: keep it out of Referer headers and search engines.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orders"))("orderTitle"), referrer: "no-referrer", robots: { index: false } };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const paramsSchema = z.object({ id: databaseIdField });
const querySchema = z.object({
  token: z.string().max(200).optional().catch(undefined),
  notice: z.string().max(40).optional().catch(undefined),
});

export default async function OrderPage({ params, searchParams }: Props) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const query = querySchema.parse(await searchParams);
  const user = await currentUser();
  const order = await getOrderForViewer(parsed.data.id, { userId: user?.id, token: query.token });
  if (!order) notFound();
  const status = statusWithNotice(order.status, query.notice);
  const [t, tDelivery, locale] = await Promise.all([getTranslations("orders"), getTranslations("delivery"), getLocale()]);
  return (
    <article className="order-page">
      {user ? <p className="breadcrumb"><Link href="/orders">{t("listTitle")}</Link> / {t("breadcrumb", { id: order.id })}</p> : null}
      <header className="order-page__head">
        <div>
          <h1>{t("heading", { id: order.id })}</h1>
          <p className="muted">{t("placed", { date: formatDate(order.createdAt, locale) })}{order.paidAt ? ` · ${t("paid", { date: formatDate(order.paidAt, locale) })}` : ""}</p>
        </div>
        <OrderStatusBadge status={status} />
      </header>
      <OrderStatusPanel status={status} payLink={order.payLink} payBy={order.payBy} refunds={order.refunds} shipment={order.shipment} />
      <div className="order-page__body">
        <section aria-labelledby="items-title">
          <h2 id="items-title">{t("items")}</h2>
          <OrderLines lines={order.lines} currency={order.currency} />
          {order.shippingMinor !== null ? (
            <p className="order-total order-total--shipping" data-testid="order-shipping">
              <span>{tDelivery("shippingLine", { province: order.shipping.province ?? "" })}</span>
              <span>{order.shippingMinor === 0 ? tDelivery("free") : formatMoney(order.shippingMinor, order.currency)}</span>
            </p>
          ) : null}
          <p className="order-total"><span>{t("total")}</span><strong>{formatMoney(order.totalMinor, order.currency)}</strong></p>
        </section>
        <aside className="order-shipping" aria-labelledby="shipping-title">
          <h2 id="shipping-title">{t("shippingTo")}</h2>
          <address>
            {order.shipping.fullName}<br />{order.shipping.address}<br />{order.shipping.city}, {order.shipping.postalCode}
            {order.shipping.province ? <><br />{order.shipping.province}</> : null}
            {order.shipping.phone ? <><br />{tDelivery("phoneLine", { phone: order.shipping.phone })}</> : null}
            {order.shipping.taxId ? <><br />{tDelivery("taxIdLine", { taxId: order.shipping.taxId })}</> : null}
          </address>
          <p className="muted">{t("updatesTo", { email: order.email })}</p>
        </aside>
      </div>
    </article>
  );
}
