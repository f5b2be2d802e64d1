import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Thank you", robots: { index: false } };

/**
 * Where Mercado Pago's return lands anyone who is not the order's own
 * shopper (another browser, a shared link, a guess): the same words for
 * every payment, and nothing about any order.
 */
export default function ReturnThanksPage() {
  return (
    <section className="empty-state">
      <h1>Thanks, we&apos;ve emailed your order link</h1>
      <p className="muted">
        When a payment goes through, we email a link to its order. Open it from that email, or sign in to see your orders.
      </p>
      <p>
        <Link className="button" href="/">Continue shopping</Link>{" "}
        <Link className="button button--ghost" href="/sign-in?next=/orders">Sign in</Link>
      </p>
      <p className="muted">Can&apos;t find the email? <Link href="/orders/find">Find your order</Link> with its number and your email.</p>
    </section>
  );
}
