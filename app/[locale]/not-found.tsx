import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";

export default function NotFound() {
  const t = useTranslations("common.notFound");
  return (
    <section className="empty-state">
      <h1>{t("title")}</h1>
      <p className="muted">{t("body")}</p>
      <Link className="button" href="/">{t("back")}</Link>
    </section>
  );
}
