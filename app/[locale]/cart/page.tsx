import type { Metadata } from "next";
import { z } from "zod";
import { getTranslations } from "next-intl/server";
import { CartLine } from "@/components/cart-line";
import { CartShipping } from "@/components/cart-shipping";
import { formatMoney } from "@/components/format";
import { PaymentNotice } from "@/components/payment-notice";
import { StockNotices } from "@/components/stock-notices";
import { Link } from "@/i18n/navigation";
import { reviewCart } from "@/lib/cart";
import { readMergeNotices } from "@/lib/cart-merge-notices";
import { estimateShipping } from "@/lib/delivery/shipping";
import { shippingRates } from "@/lib/delivery/shipping-settings";
import { paymentNoticeField } from "@/lib/payments/return";
import { currentShopper } from "@/lib/shopper";
import { OneTimeNotices } from "@/components/one-time-notices";
import { dismissMergeNoticesAction, removeLineAction, updateQuantityAction } from "./actions";
import "./cart.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cart"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const cartQuery = z.object({ payment: paymentNoticeField });

export default async function CartPage({ searchParams }: Props) {
  const { payment } = cartQuery.parse(await searchParams);
  const shopper = await currentShopper();
  const merged = await readMergeNotices();
  const { cart, notices } = await reviewCart(shopper);
  const t = await getTranslations("cart");
  if (!cart || cart.lines.length === 0) {
    return (
      <>
        <PaymentNotice notice={payment} />
        <OneTimeNotices notices={merged} dismiss={dismissMergeNoticesAction} />
        <StockNotices notices={notices} />
        <section className="empty-state">
          <h1>{t("emptyTitle")}</h1>
          <p className="muted">{t("emptyBody")}</p>
          <Link className="button" href="/">{t("continueShopping")}</Link>
        </section>
      </>
    );
  }
  const total = formatMoney(cart.totalMinor, cart.currency);
  return (
    <>
      <h1>{t("title")}</h1>
      <PaymentNotice notice={payment} />
      <OneTimeNotices notices={merged} dismiss={dismissMergeNoticesAction} />
      <StockNotices notices={notices} />
      <div className="cart">
        <ul className="cart-lines" aria-label={t("lines")}>
          {cart.lines.map((line) => (
            <CartLine key={line.variantId} line={line} updateAction={updateQuantityAction} removeAction={removeLineAction} />
          ))}
        </ul>
        <aside className="cart-summary" aria-label={t("summary")}>
          <h2>{t("summary")}</h2>
          <p className="cart-summary__row"><span>{t("items")}</span><span>{cart.count}</span></p>
          <CartShipping estimate={estimateShipping(await shippingRates(), cart.totalMinor)} currency={cart.currency} />
          <p className="cart-summary__row cart-summary__total"><span>{t("total")}</span><span data-testid="cart-total">{total}</span></p>
          <Link className="button button--block" href="/checkout">{t("checkout")}</Link>
          <p className="muted cart-summary__note">{t("reservedNote")}</p>
        </aside>
      </div>
      <div className="checkout-bar">
        <span><span className="muted">{t("total")}</span> <strong>{total}</strong></span>
        <Link className="button" href="/checkout" tabIndex={-1} aria-hidden="true">{t("checkout")}</Link>
      </div>
    </>
  );
}
