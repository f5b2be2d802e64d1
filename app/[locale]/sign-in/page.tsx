import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { AuthForm } from "@/components/auth-form";
import { Link } from "@/i18n/navigation";
import { nextPathField } from "@/lib/next-path";
import { currentUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { DEMO_STAFF } from "@/lib/staff-accounts";
import { inLocale } from "@/lib/urls";
import { signInAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.signIn"))("title"), robots: { index: false } };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** What brought the shopper here, from the end of a recovery flow; anything else shows nothing. */
const NOTICES = { "password-changed": "passwordChanged", "email-confirmed": "emailConfirmed" } as const;
const noticeField = z.enum(["password-changed", "email-confirmed"]).optional().catch(undefined);

export default async function SignInPage({ searchParams }: Props) {
  const query = await searchParams;
  const next = nextPathField.parse(query.next);
  const notice = noticeField.parse(query.notice);
  if (await currentUser()) redirect(inLocale(next, await getLocale()));
  const signUpHref = next === "/" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`;
  const t = await getTranslations("account.signIn");
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>{t("title")}</h1>
        <p className="muted">{t("intro")}</p>
        {notice ? <p className="notice notice--ok" role="status">{t(NOTICES[notice])}</p> : null}
        <AuthForm mode="sign-in" action={signInAction} next={next} />
        <p className="auth-forgot"><Link href="/forgot-password">{t("forgot")}</Link></p>
        <p className="auth-aside">{t.rich("guest", { link: (text) => <Link href="/orders/find">{text}</Link> })}</p>
      </div>
      <p className="auth-switch">{t.rich("new", { link: (text) => <Link href={signUpHref}>{text}</Link> })}</p>
      {env().isDemo ? (
        <p className="auth-switch muted" data-testid="demo-staff">
          {t.rich("demoStaff", { email: DEMO_STAFF.email, password: DEMO_STAFF.password, strong: (text) => <strong>{text}</strong> })}
        </p>
      ) : null}
    </section>
  );
}
