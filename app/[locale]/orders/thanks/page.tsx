import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orders.thanks"))("title"), robots: { index: false } };
}

/**
 * Where Mercado Pago's return lands anyone who is not the order's own
 * shopper (another browser, a shared link, a guess): the same words for
 * every payment, and nothing about any order.
 */
export default async function ReturnThanksPage() {
  const t = await getTranslations("orders.thanks");
  return (
    <section className="empty-state">
      <h1>{t("heading")}</h1>
      <p className="muted">{t("body")}</p>
      <p>
        <Link className="button" href="/">{t("continue")}</Link>{" "}
        <Link className="button button--ghost" href="/sign-in?next=/orders">{t("signIn")}</Link>
      </p>
      <p className="muted">{t.rich("findOrder", { link: (text) => <Link href="/orders/find">{text}</Link> })}</p>
    </section>
  );
}
