import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import "./auth-form.css";

type Props = { heading?: string; explanation: string; action: { href: string; label: string } };

/** What a used, expired or mistyped emailed link shows: what happened and the way forward. */
export function DeadLink({ heading, explanation, action }: Props) {
  const t = useTranslations("account.deadLink");
  return (
    <section className="auth-page">
      <div className="auth-card auth-card--center">
        <h1>{heading ?? t("heading")}</h1>
        <p className="muted">{explanation}</p>
        <Link className="button button--block" href={action.href}>{action.label}</Link>
      </div>
      <p className="auth-switch"><Link href="/">{t("back")}</Link></p>
    </section>
  );
}
