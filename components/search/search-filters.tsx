import { useLocale, useTranslations } from "next-intl";
import { getPathname, Link } from "@/i18n/navigation";
import { hasFilters, SEARCH_SORTS, type SearchParams } from "@/lib/search-params";

type Props = { params: SearchParams; facets: { categories: string[]; sizes: string[]; colors: string[] } };

/** Every search setting in one GET form: the URL is the whole state, and it works without JavaScript. */
export function SearchFilters({ params, facets }: Props) {
  const t = useTranslations("search.form");
  const tSort = useTranslations("search.sort");
  const locale = useLocale();
  const sorts = params.q === "" ? SEARCH_SORTS.filter((s) => s !== "relevance") : SEARCH_SORTS;
  const choice = (name: "category" | "size" | "color", options: string[]) => (
    <div className={name === "category" ? "search-field search-field--wide" : "search-field"}>
      <label htmlFor={`search-${name}`}>{t(name)}</label>
      <select id={`search-${name}`} name={name} defaultValue={params[name] ?? ""}>
        <option value="">{t("any")}</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </div>
  );
  return (
    <form method="get" action={getPathname({ href: "/search", locale })} className="search-filters" aria-label={t("label")}>
      <div className="search-field search-field--wide">
        <label htmlFor="search-q">{t("q")}</label>
        <input id="search-q" type="search" name="q" defaultValue={params.q} maxLength={100} enterKeyHint="search" />
      </div>
      {/* Folded on a phone until a filter is in use; always open on wider screens (search.css). */}
      <details className="search-more search-field--wide" open={hasFilters(params) || undefined}>
        <summary>{t("filters")}</summary>
        <div className="search-more__fields">
          {choice("category", facets.categories)}
          {choice("size", facets.sizes)}
          {choice("color", facets.colors)}
          <fieldset className="search-field search-field--wide search-price">
            <legend>{t("price")}</legend>
            <input type="number" name="minPrice" aria-label={t("minPrice")} placeholder={t("min")} min={0} step={1} inputMode="numeric" defaultValue={params.minPrice} />
            <span aria-hidden="true">–</span>
            <input type="number" name="maxPrice" aria-label={t("maxPrice")} placeholder={t("max")} min={0} step={1} inputMode="numeric" defaultValue={params.maxPrice} />
          </fieldset>
          <label className="search-check search-field--wide">
            <input type="checkbox" name="inStock" value="1" defaultChecked={params.inStock} /> {t("inStock")}
          </label>
        </div>
      </details>
      <div className="search-field search-field--wide">
        <label htmlFor="search-sort">{t("sort")}</label>
        <select id="search-sort" name="sort" defaultValue={params.sort}>
          {sorts.map((s) => <option key={s} value={s}>{tSort(s)}</option>)}
        </select>
      </div>
      <div className="search-actions search-field--wide">
        <button type="submit" className="button">{t("apply")}</button>
        <Link href={params.q ? `/search?q=${encodeURIComponent(params.q)}` : "/search"} className="search-clear">{t("clear")}</Link>
      </div>
    </form>
  );
}
