import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { CheckoutForm } from "@/components/checkout-form";
import { PaymentNotice } from "@/components/payment-notice";
import { Link, redirect } from "@/i18n/navigation";
import { ShippingQuoteProvider } from "@/components/shipping-quote";
import { getCart } from "@/lib/cart";
import { shippingRates } from "@/lib/delivery/shipping-settings";
import { paymentNoticeField, withPaymentNotice } from "@/lib/payments/return";
import { currentShopper } from "@/lib/shopper";
import { confirmOrderAction } from "./actions";
import { OrderSummary } from "./order-summary";
import "./checkout.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("checkout"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const checkoutQuery = z.object({ payment: paymentNoticeField });

export default async function CheckoutPage({ searchParams }: Props) {
  const shopper = await currentShopper();
  const cart = await getCart(shopper);
  const { payment } = checkoutQuery.parse(await searchParams);
  // Nothing left to check out: the cart page says what came of the payment instead.
  if (!cart || cart.lines.length === 0) return redirect({ href: withPaymentNotice("/cart", payment), locale: await getLocale() });
  const t = await getTranslations("checkout");
  return (
    <div className="checkout-page">
      <p className="breadcrumb"><Link href="/cart">{t("cart")}</Link> / {t("title")}</p>
      <h1>{t("title")}</h1>
      <PaymentNotice notice={payment} />
      <ShippingQuoteProvider rates={await shippingRates()} subtotalMinor={cart.totalMinor} currency={cart.currency}>
        <div className="checkout">
          <CheckoutForm action={confirmOrderAction} defaults={{ email: shopper.email ?? "", fullName: shopper.name ?? "" }} />
          <OrderSummary cart={cart} />
        </div>
      </ShippingQuoteProvider>
    </div>
  );
}
