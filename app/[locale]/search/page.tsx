import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProductCard } from "@/components/product-card";
import { ActiveFilters } from "@/components/search/active-filters";
import { EmptyResults } from "@/components/search/empty-results";
import { Pagination } from "@/components/search/pagination";
import { SearchFilters } from "@/components/search/search-filters";
import { isLocale } from "@/i18n/routing";
import { cachedSearch } from "@/lib/catalog-cache";
import { parseSearchParams } from "@/lib/search-params";
import { pageMetadata } from "@/lib/seo/metadata";
import "@/components/search/search.css";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations("search.meta");
  const { q } = parseSearchParams(await searchParams);
  const page = { title: q ? t("titleFor", { q }) : t("title"), description: t("description") };
  // Result pages are for shoppers, not for search engines' indexes.
  return { ...page, ...pageMetadata("/search", page, isLocale(locale) ? locale : undefined), robots: { index: false, follow: true } };
}

export default async function SearchPage({ searchParams }: Props) {
  const t = await getTranslations("search");
  const found = await cachedSearch(parseSearchParams(await searchParams));
  const { params, products, total } = found;
  return (
    <div className="search-page">
      <div className="search-page__head">
        <h1>{params.q ? t("headingFor", { q: params.q }) : t("heading")}</h1>
        <p className="search-count" data-testid="result-count">{t("count", { count: total })}</p>
      </div>
      {found.dropped.map((d) => <p key={d.filter} className="notice notice--warn" role="status">{t("dropped", d)}</p>)}
      <div className="search-layout">
        <SearchFilters params={params} facets={found.facets} />
        <div className="search-results">
          <ActiveFilters params={params} />
          {products.length === 0 ? (
            <EmptyResults params={params} closest={found.closest} categories={found.facets.categories} />
          ) : (
            <section className="grid" aria-label={t("count", { count: total })}>
              {products.map((p, index) => <ProductCard key={p.slug} {...p} priority={index < 4} />)}
            </section>
          )}
          <Pagination params={params} pageCount={found.pageCount} />
        </div>
      </div>
    </div>
  );
}
