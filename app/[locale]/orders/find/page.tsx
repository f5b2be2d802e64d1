import type { Metadata } from "next";
import Link from "next/link";
import { RecoveryForm } from "@/components/recovery-form";
import { findOrderAction } from "./actions";

export const metadata: Metadata = { title: "Find my order", robots: { index: false } };

/** For guests who lost the confirmation email: the order's link goes again to the address it was placed with. */
export default function FindOrderPage() {
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>Find my order</h1>
        <p className="muted">Bought without an account? Enter the email you used at checkout and the order number, and we&apos;ll email you the link to your order.</p>
        <RecoveryForm
          action={findOrderAction}
          fields={[
            { name: "email", label: "Email used at checkout", type: "email", autoComplete: "email", inputMode: "email" },
            { name: "orderNumber", label: "Order number", inputMode: "numeric", autoComplete: "off", maxLength: 12, hint: "It's in the subject of your order emails, e.g. #1042." },
          ]}
          submitLabel="Email me the order link" pendingLabel="Sending…"
          doneNote="For your privacy we only send order links to the email the order was placed with."
        />
        <p className="auth-aside">Have an account? <Link href="/sign-in?next=/orders">Sign in to see all your orders</Link></p>
      </div>
    </section>
  );
}
