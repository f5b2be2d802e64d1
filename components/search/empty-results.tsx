import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import { productPath } from "@/lib/paths";
import { hasFilters, searchQueryString, type SearchParams } from "@/lib/search-params";

type Props = { params: SearchParams; closest: Array<{ slug: string; name: string }>; categories: string[] };

/** What to try when nothing matched: the same words without filters, the closest names, the categories. */
export function EmptyResults({ params, closest, categories }: Props) {
  const t = useTranslations("search.empty");
  const filtered = hasFilters(params);
  return (
    <section className="empty-state search-empty" aria-labelledby="search-empty-title">
      <h2 id="search-empty-title">{t("title")}</h2>
      {filtered && params.q ? (
        <p>{t("withoutFilters")} <Link href={`/search${searchQueryString({ q: params.q, inStock: false, sort: params.sort, page: 1 })}`}>{t("withoutFiltersLink", { q: params.q })}</Link></p>
      ) : null}
      {closest.length > 0 ? (
        <p>
          {t("closest")}{" "}
          {closest.map((p, i) => (
            <span key={p.slug}>{i > 0 ? ", " : ""}<Link href={productPath(p.slug)}>{p.name}</Link></span>
          ))}?
        </p>
      ) : null}
      <p className="muted">{t("categories")}</p>
      <nav className="filters" aria-label={t("categories")}>
        {categories.map((c) => <Link key={c} className="chip" href={`/search?category=${encodeURIComponent(c)}`}>{c}</Link>)}
        <Link className="chip" href="/search">{t("showAll")}</Link>
      </nav>
    </section>
  );
}
