import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { CheckoutForm } from "@/components/checkout-form";
import { getCart } from "@/lib/cart";
import { currentShopper } from "@/lib/shopper";
import { confirmOrderAction } from "./actions";
import { OrderSummary } from "./order-summary";
import "./checkout.css";

export const metadata: Metadata = { title: "Checkout" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Shown as a notice only: this query string decides nothing.
const NOTICES = {
  rejected: { tone: "error", text: "Mercado Pago rejected the payment and nothing was charged. Check your details and confirm again, or try another card." },
  unverified: { tone: "error", text: "We could not verify that payment with Mercado Pago, so nothing changed. If you were charged, contact us and we will sort it out." },
  confirming: { tone: "warn", text: "We are still confirming your payment with Mercado Pago. Check your orders in a few minutes before paying again." },
  expired: { tone: "warn", text: "Your payment link expired after one hour. Confirm your order again to get a new one." },
} as const;

const checkoutQuery = z.object({ payment: z.enum(["rejected", "unverified", "confirming", "expired"]).optional().catch(undefined) });

export default async function CheckoutPage({ searchParams }: Props) {
  const shopper = await currentShopper();
  const cart = await getCart(shopper);
  if (!cart || cart.lines.length === 0) redirect("/cart");
  const { payment } = checkoutQuery.parse(await searchParams);
  const notice = payment ? NOTICES[payment] : null;
  return (
    <div className="checkout-page">
      <p className="breadcrumb"><Link href="/cart">Cart</Link> / Checkout</p>
      <h1>Checkout</h1>
      {notice ? <p className={`notice notice--${notice.tone}`} role="status">{notice.text}</p> : null}
      <div className="checkout">
        <CheckoutForm action={confirmOrderAction} defaults={{ email: shopper.email ?? "", fullName: shopper.name ?? "" }} />
        <OrderSummary cart={cart} />
      </div>
    </div>
  );
}
