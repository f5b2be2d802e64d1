import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { AuthForm } from "@/components/auth-form";
import { nextPathField } from "@/lib/next-path";
import { currentUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { DEMO_STAFF } from "@/lib/staff-accounts";
import { signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** What brought the shopper here, from the end of a recovery flow; anything else shows nothing. */
const NOTICES = {
  "password-changed": "Your password has been changed. Sign in with your new password.",
  "email-confirmed": "Your email is confirmed. Sign in to see your orders.",
} as const;
const noticeField = z.enum(["password-changed", "email-confirmed"]).optional().catch(undefined);

export default async function SignInPage({ searchParams }: Props) {
  const query = await searchParams;
  const next = nextPathField.parse(query.next);
  const notice = noticeField.parse(query.notice);
  if (await currentUser()) redirect(next);
  const signUpHref = next === "/" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`;
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>Sign in</h1>
        <p className="muted">Welcome back. Your cart comes with you.</p>
        {notice ? <p className="notice notice--ok" role="status">{NOTICES[notice]}</p> : null}
        <AuthForm mode="sign-in" action={signInAction} next={next} />
        <p className="auth-forgot"><Link href="/forgot-password">Forgot your password?</Link></p>
        <p className="auth-aside">Bought as a guest? <Link href="/orders/find">Find your order</Link></p>
      </div>
      <p className="auth-switch">New to Percha? <Link href={signUpHref}>Create an account</Link></p>
      {env().isDemo ? (
        <p className="auth-switch muted" data-testid="demo-staff">
          Demo back office: sign in as <strong>{DEMO_STAFF.email}</strong> with the password <strong>{DEMO_STAFF.password}</strong>.
        </p>
      ) : null}
    </section>
  );
}
