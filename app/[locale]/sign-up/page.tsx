import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth-form";
import { nextPathField } from "@/lib/next-path";
import { currentUser } from "@/lib/auth";
import { signUpAction } from "./actions";

export const metadata: Metadata = { title: "Create an account", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const next = nextPathField.parse((await searchParams).next);
  if (await currentUser()) redirect(next);
  const signInHref = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>Create your account</h1>
        <p className="muted">Check out faster and find every order in one place.</p>
        <AuthForm mode="sign-up" action={signUpAction} next={next} />
        <ul className="auth-perks">
          <li>Your cart is saved across devices</li>
          <li>Order history and status at a glance</li>
          <li>Confirm your email and your earlier guest orders join your account</li>
        </ul>
      </div>
      <p className="auth-switch">Already have an account? <Link href={signInHref}>Sign in</Link></p>
    </section>
  );
}
