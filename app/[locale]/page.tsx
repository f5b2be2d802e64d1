import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { ProductCard } from "@/components/product-card";
import { listCategories, listProducts } from "@/lib/catalog";
import { categoryPath } from "@/lib/paths";
import { pageMetadata } from "@/lib/seo/metadata";

const searchSchema = z.object({ category: z.string().trim().max(60).optional().catch(undefined) });

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { category } = searchSchema.parse(await searchParams);
  const isCategory = category !== undefined && (await listCategories()).includes(category);
  return pageMetadata(isCategory ? categoryPath(category) : "/", {
    title: isCategory ? `${category} · Percha` : "Percha — everyday clothing",
    description: "Tees, hoodies, trousers and jackets made to last. Pay securely with Mercado Pago.",
  });
}

export default async function CatalogPage({ searchParams }: Props) {
  const { category: asked } = searchSchema.parse(await searchParams);
  const categories = await listCategories();
  const category = asked && categories.includes(asked) ? asked : undefined;
  const products = await listProducts(category);
  return (
    <>
      <div className="catalog-head">
        <div>
          <h1>{category ?? "New season essentials"}</h1>
          <p className="muted">Well-made basics in honest fabrics. Every size and colour shows what we really have.</p>
        </div>
        <nav className="filters" aria-label="Categories">
          <Link className="chip" href="/" aria-current={category ? undefined : "page"}>All</Link>
          {categories.map((c) => (
            <Link key={c} className="chip" href={`/?category=${encodeURIComponent(c)}`} aria-current={c === category ? "page" : undefined}>
              {c}
            </Link>
          ))}
        </nav>
      </div>
      {asked && !category ? <p className="notice notice--warn" role="status">We have no “{asked}” category; showing everything.</p> : null}
      <section className="grid" aria-label="Products">
        {products.map((p, index) => (
          <ProductCard key={p.slug} {...p} priority={index < 4} />
        ))}
      </section>
    </>
  );
}
