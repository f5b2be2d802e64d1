import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth-form";
import { nextPathField } from "@/lib/accounts";
import { currentUser } from "@/lib/auth";
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
    </section>
  );
}
