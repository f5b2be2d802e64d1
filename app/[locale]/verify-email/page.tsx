import type { Metadata } from "next";
import { z } from "zod";
import { DeadLink } from "@/components/dead-link";
import { RecoveryForm } from "@/components/recovery-form";
import { currentUser } from "@/lib/auth";
import { emailStatus, verificationLinkEmail } from "@/lib/email-verification";
import { confirmEmailAction } from "./actions";

// The link carries its token: keep it out of Referer headers and search engines.
export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const querySchema = z.object({ token: z.string().max(200).optional().catch(undefined) });

/**
 * Opening the link only shows a button: confirming takes a POST, so mail
 * scanners that fetch every link cannot spend it before the shopper clicks.
 */
export default async function VerifyEmailPage({ searchParams }: Props) {
  const { token } = querySchema.parse(await searchParams);
  const email = token ? await verificationLinkEmail(token) : null;
  if (!token || !email) {
    const user = await currentUser();
    const status = user ? await emailStatus(user.id) : null;
    if (status?.isVerified) {
      return (
        <DeadLink
          heading="Your email is already confirmed"
          explanation="There is nothing more to do: orders you placed as a guest with this email are in My orders."
          action={{ href: "/orders", label: "See my orders" }}
        />
      );
    }
    return (
      <DeadLink
        explanation="Confirmation links work once, for 24 hours. Sign in and ask for a new one from My orders."
        action={{ href: "/orders", label: user ? "Get a new link" : "Sign in" }}
      />
    );
  }
  return (
    <section className="auth-page">
      <div className="auth-card auth-card--center">
        <h1>Confirm your email</h1>
        <p className="muted">Confirm that <strong className="auth-email">{email}</strong> is your email address. Orders you placed with it as a guest will then appear in your account.</p>
        <RecoveryForm action={confirmEmailAction} hidden={{ token }} fields={[]} submitLabel="Confirm my email" pendingLabel="Confirming…" />
      </div>
    </section>
  );
}
