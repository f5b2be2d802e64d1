import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { DeadLink } from "@/components/dead-link";
import { RecoveryForm } from "@/components/recovery-form";
import { currentUser } from "@/lib/auth";
import { emailStatus, verificationLinkEmail } from "@/lib/email-verification";
import { confirmEmailAction } from "./actions";

// The link carries its token: keep it out of Referer headers and search engines.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.verify"))("title"), referrer: "no-referrer", robots: { index: false } };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const querySchema = z.object({ token: z.string().max(200).optional().catch(undefined) });

/**
 * Opening the link only shows a button: confirming takes a POST, so mail
 * scanners that fetch every link cannot spend it before the shopper clicks.
 */
export default async function VerifyEmailPage({ searchParams }: Props) {
  const { token } = querySchema.parse(await searchParams);
  const email = token ? await verificationLinkEmail(token) : null;
  const t = await getTranslations("account.verify");
  if (!token || !email) {
    const user = await currentUser();
    const status = user ? await emailStatus(user.id) : null;
    if (status?.isVerified) {
      return (
        <DeadLink
          heading={t("alreadyTitle")}
          explanation={t("alreadyBody")}
          action={{ href: "/orders", label: t("seeOrders") }}
        />
      );
    }
    return (
      <DeadLink
        explanation={t("dead")}
        action={{ href: "/orders", label: user ? t("getNew") : t("signIn") }}
      />
    );
  }
  return (
    <section className="auth-page">
      <div className="auth-card auth-card--center">
        <h1>{t("title")}</h1>
        <p className="muted">{t.rich("body", { email, strong: (text) => <strong className="auth-email">{text}</strong> })}</p>
        <RecoveryForm action={confirmEmailAction} hidden={{ token }} fields={[]} submitLabel={t("confirm")} pendingLabel={t("confirming")} />
      </div>
    </section>
  );
}
