import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { PasswordForm } from "@/components/password-form";
import { redirect } from "@/i18n/navigation";
import { passwordRules } from "@/lib/accounts";
import { nextPathField } from "@/lib/next-path";
import { currentUser } from "@/lib/auth";
import { localizedPath } from "@/lib/urls";
import { changePasswordAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.password"))("title"), robots: { index: false } };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ChangePasswordPage({ searchParams }: Props) {
  const user = await currentUser();
  const locale = await getLocale();
  if (!user) return redirect({ href: `/sign-in?next=${encodeURIComponent(localizedPath("/account/password", locale))}`, locale });
  const t = await getTranslations("account.password");
  const next = nextPathField.parse((await searchParams).next);
  const rules = await passwordRules(user.id);
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>{t("title")}</h1>
        {rules.mustChange ? (
          <p className="notice notice--warn" role="status">{t("oneTime")}</p>
        ) : (
          <p className="muted">{t("intro")}</p>
        )}
        <PasswordForm action={changePasswordAction} next={next} minLength={rules.minLength} />
      </div>
    </section>
  );
}
