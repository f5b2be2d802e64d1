import type { Metadata } from "next";
import { z } from "zod";
import { DeadLink } from "@/components/dead-link";
import { RecoveryForm } from "@/components/recovery-form";
import { resetLinkRules } from "@/lib/account-recovery";
import { resetPasswordAction } from "./actions";

// The link carries its token: keep it out of Referer headers and search engines.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const querySchema = z.object({ token: z.string().max(200).optional().catch(undefined) });

export default async function ResetPasswordPage({ searchParams }: Props) {
  const { token } = querySchema.parse(await searchParams);
  const rules = token ? await resetLinkRules(token) : null;
  if (!token || !rules) {
    return (
      <DeadLink
        explanation="Password reset links work once, for one hour. Ask for a new one and use the latest email we send."
        action={{ href: "/forgot-password", label: "Send me a new link" }}
      />
    );
  }
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>Choose a new password</h1>
        <p className="muted">After this, every device signed in to your account is signed out.</p>
        <RecoveryForm
          action={resetPasswordAction} hidden={{ token }}
          fields={[{
            name: "newPassword", label: "New password", type: "password", autoComplete: "new-password",
            minLength: rules.minLength, maxLength: 200, hint: `At least ${rules.minLength} characters.`, isSecret: true,
          }]}
          submitLabel="Save new password" pendingLabel="Saving…"
        />
      </div>
    </section>
  );
}
