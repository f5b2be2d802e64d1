import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RecoveryForm } from "@/components/recovery-form";
import { Link } from "@/i18n/navigation";
import { findOrderAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.find"))("title"), robots: { index: false } };
}

/** For guests who lost the confirmation email: the order's link goes again to the address it was placed with. */
export default async function FindOrderPage() {
  const t = await getTranslations("account.find");
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>{t("title")}</h1>
        <p className="muted">{t("intro")}</p>
        <RecoveryForm
          action={findOrderAction}
          fields={[
            { name: "email", label: t("email"), type: "email", autoComplete: "email", inputMode: "email" },
            { name: "orderNumber", label: t("number"), inputMode: "numeric", autoComplete: "off", maxLength: 12, hint: t("numberHint") },
          ]}
          submitLabel={t("send")} pendingLabel={t("sending")}
          doneNote={t("done")}
        />
        <p className="auth-aside">{t.rich("haveAccount", { link: (text) => <Link href="/sign-in?next=/orders">{text}</Link> })}</p>
      </div>
    </section>
  );
}
