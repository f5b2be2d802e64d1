import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";

export function SiteFooter() {
  const t = useTranslations("common.footer");
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p><strong>Percha</strong> — {t("tagline")}</p>
        <p>{t("perks")} · <Link href="/orders/find">{t("findOrder")}</Link></p>
      </div>
    </footer>
  );
}
