import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { ProductCard } from "@/components/product-card";
import { Link } from "@/i18n/navigation";
import type { Locale } from "@/i18n/routing";
import { cachedCategories, cachedProducts } from "@/lib/catalog-cache";
import { categoryPath } from "@/lib/paths";
import { pageMetadata } from "@/lib/seo/metadata";

const searchSchema = z.object({ category: z.string().trim().max(60).optional().catch(undefined) });

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations("common.meta");
  const { category } = searchSchema.parse(await searchParams);
  const isCategory = category !== undefined && (await cachedCategories()).includes(category);
  return pageMetadata(isCategory ? categoryPath(category) : "/", {
    title: isCategory ? `${category} · Percha` : t("title"),
    description: t("description"),
  }, locale);
}

export default async function CatalogPage({ searchParams }: Props) {
  const { category: asked } = searchSchema.parse(await searchParams);
  const categories = await cachedCategories();
  const category = asked && categories.includes(asked) ? asked : undefined;
  const products = await cachedProducts(category);
  const t = await getTranslations("catalog");
  return (
    <>
      <div className="catalog-head">
        <div>
          <h1>{category ?? t("heading")}</h1>
          <p className="muted">{t("intro")}</p>
        </div>
        <nav className="filters" aria-label={t("categories")}>
          <Link className="chip" href="/" aria-current={category ? undefined : "page"}>{t("all")}</Link>
          {categories.map((c) => (
            <Link key={c} className="chip" href={`/?category=${encodeURIComponent(c)}`} aria-current={c === category ? "page" : undefined}>
              {c}
            </Link>
          ))}
        </nav>
      </div>
      {asked && !category ? <p className="notice notice--warn" role="status">{t("noCategory", { category: asked })}</p> : null}
      <section className="grid" aria-label={t("products")}>
        {products.map((p, index) => (
          <ProductCard key={p.slug} {...p} priority={index < 4} />
        ))}
      </section>
    </>
  );
}
