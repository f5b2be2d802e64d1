import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth-form";
import { nextPathField } from "@/lib/next-path";
import { currentUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { DEMO_STAFF } from "@/lib/staff-accounts";
import { signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const next = nextPathField.parse((await searchParams).next);
  if (await currentUser()) redirect(next);
  const signUpHref = next === "/" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`;
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>Sign in</h1>
        <p className="muted">Welcome back. Your cart comes with you.</p>
        <AuthForm mode="sign-in" action={signInAction} next={next} />
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
