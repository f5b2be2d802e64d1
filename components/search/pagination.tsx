import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import { searchQueryString, type SearchParams } from "@/lib/search-params";

/** Links to the other pages of the same search, keeping every filter and the order. */
export function Pagination({ params, pageCount }: { params: SearchParams; pageCount: number }) {
  const t = useTranslations("search.pages");
  if (pageCount <= 1) return null;
  const { page } = params;
  const href = (to: number) => `/search${searchQueryString(params, { page: to })}`;
  // The first, the last, and two either side of the current page.
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  return (
    <nav className="pagination" aria-label={t("label")}>
      <p className="muted">{t("of", { page, pages: pageCount })}</p>
      <ul>
        {page > 1 ? <li><Link href={href(page - 1)} rel="prev">{t("previous")}</Link></li> : null}
        {shown.map((p, i) => (
          <li key={p} className={i > 0 && p - (shown[i - 1] ?? p) > 1 ? "pagination__gap" : undefined}>
            <Link href={href(p)} aria-label={t("page", { page: p })} aria-current={p === page ? "page" : undefined}>{p}</Link>
          </li>
        ))}
        {page < pageCount ? <li><Link href={href(page + 1)} rel="next">{t("next")}</Link></li> : null}
      </ul>
    </nav>
  );
}
