import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AuthForm } from "@/components/auth-form";
import { Link } from "@/i18n/navigation";
import { nextPathField } from "@/lib/next-path";
import { inLocale } from "@/lib/urls";
import { currentUser } from "@/lib/auth";
import { signUpAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.signUp"))("title"), robots: { index: false } };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const next = nextPathField.parse((await searchParams).next);
  if (await currentUser()) redirect(inLocale(next, await getLocale()));
  const signInHref = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
  const t = await getTranslations("account.signUp");
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>{t("heading")}</h1>
        <p className="muted">{t("intro")}</p>
        <AuthForm mode="sign-up" action={signUpAction} next={next} />
        <ul className="auth-perks">
          <li>{t("perkCart")}</li>
          <li>{t("perkOrders")}</li>
          <li>{t("perkGuest")}</li>
        </ul>
      </div>
      <p className="auth-switch">{t.rich("haveAccount", { link: (text) => <Link href={signInHref}>{text}</Link> })}</p>
    </section>
  );
}
