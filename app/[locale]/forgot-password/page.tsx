import type { Metadata } from "next";
import Link from "next/link";
import { RecoveryForm } from "@/components/recovery-form";
import { forgotPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Reset your password", robots: { index: false } };

export default function ForgotPasswordPage() {
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>Forgot your password?</h1>
        <p className="muted">Enter the email of your account and we&apos;ll send you a link to choose a new password.</p>
        <RecoveryForm
          action={forgotPasswordAction}
          fields={[{ name: "email", label: "Email", type: "email", autoComplete: "email", inputMode: "email" }]}
          submitLabel="Send reset link" pendingLabel="Sending…"
          doneNote="The link works once, for one hour. You can close this page."
        />
      </div>
      <p className="auth-switch">Remembered it? <Link href="/sign-in">Sign in</Link></p>
    </section>
  );
}
