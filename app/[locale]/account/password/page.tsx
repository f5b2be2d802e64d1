import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasswordForm } from "@/components/password-form";
import { passwordRules } from "@/lib/accounts";
import { nextPathField } from "@/lib/next-path";
import { currentUser } from "@/lib/auth";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Change your password", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ChangePasswordPage({ searchParams }: Props) {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=/account/password");
  const next = nextPathField.parse((await searchParams).next);
  const rules = await passwordRules(user.id);
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>Change your password</h1>
        {rules.mustChange ? (
          <p className="notice notice--warn" role="status">You signed in with a one-time password. Choose your own to continue.</p>
        ) : (
          <p className="muted">Enter your current password, then the new one.</p>
        )}
        <PasswordForm action={changePasswordAction} next={next} minLength={rules.minLength} />
      </div>
    </section>
  );
}
