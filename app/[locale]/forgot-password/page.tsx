import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RecoveryForm } from "@/components/recovery-form";
import { Link } from "@/i18n/navigation";
import { forgotPasswordAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.forgot"))("title"), robots: { index: false } };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("account.forgot");
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>{t("heading")}</h1>
        <p className="muted">{t("intro")}</p>
        <RecoveryForm
          action={forgotPasswordAction}
          fields={[{ name: "email", label: t("email"), type: "email", autoComplete: "email", inputMode: "email" }]}
          submitLabel={t("send")} pendingLabel={t("sending")}
          doneNote={t("done")}
        />
      </div>
      <p className="auth-switch">{t.rich("remembered", { link: (text) => <Link href="/sign-in">{text}</Link> })}</p>
    </section>
  );
}
