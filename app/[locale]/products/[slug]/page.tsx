import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { z } from "zod";
import { AddToCartForm } from "@/components/add-to-cart-form";
import { availabilityLabel, formatMoney } from "@/components/format";
import { JsonLd } from "@/components/json-ld";
import { ProductGallery } from "@/components/product-gallery";
import { VariantPicker } from "@/components/variant-picker";
import { Link } from "@/i18n/navigation";
import type { Locale } from "@/i18n/routing";
import { chooseVariant } from "@/lib/catalog";
import { cachedProduct } from "@/lib/catalog-cache";
import { categoryPath, productChoicePath } from "@/lib/paths";
import { galleryFor } from "@/lib/product-photos";
import { requestNonce } from "@/lib/request-nonce";
import { productJsonLd } from "@/lib/seo/json-ld";
import { productMetadata } from "@/lib/seo/metadata";
import { addToCartAction } from "./actions";
import "../product.css";

type Props = { params: Promise<{ slug: string; locale: Locale }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// Metadata and the page show the same product: one shared read per request (lib/catalog-cache.ts).
const loadProduct = cache(cachedProduct);

const choiceSchema = z.object({
  color: z.string().max(40).optional().catch(undefined),
  size: z.string().max(20).optional().catch(undefined),
  photo: z.coerce.number().int().min(1).max(99).optional().catch(undefined),
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, locale } = await params;
  const found = await loadProduct(slug);
  return found ? productMetadata(found, locale) : { title: (await getTranslations("catalog"))("notFoundTitle") };
}

export default async function ProductPage({ params, searchParams }: Props) {
  const found = await loadProduct((await params).slug);
  if (!found) notFound();
  const t = await getTranslations("catalog");
  const asked = choiceSchema.parse(await searchParams);
  const { color, variant } = chooseVariant(found, asked);
  const available = variant?.available ?? 0;
  const gallery = galleryFor(found.photos, color, { url: found.image, alt: found.name, color: null });
  const photoHref = (index: number) => productChoicePath(found.slug, { color, size: asked.size, photo: index + 1 });
  return (
    <>
      <JsonLd data={productJsonLd(found)} nonce={await requestNonce()} />
      <nav aria-label={t("breadcrumb")} className="breadcrumb">
        <ol>
          <li><Link href="/">{t("home")}</Link></li>
          <li><Link href={categoryPath(found.category)}>{found.category}</Link></li>
          <li aria-current="page">{found.name}</li>
        </ol>
      </nav>
      <article className="product">
        <ProductGallery
          key={color}
          photos={gallery.photos}
          hrefs={gallery.photos.map((_, index) => photoHref(index))}
          initial={Math.min((asked.photo ?? 1) - 1, gallery.photos.length - 1)}
          caption={gallery.shownColor ? t("shownIn", { color: gallery.shownColor }) : null}
        />
        <div>
          <h1>{found.name}</h1>
          <p className="product__price">{formatMoney(found.priceMinor, found.currency)}</p>
          <p>{found.description}</p>
          <VariantPicker slug={found.slug} variants={found.variants} color={color} size={variant?.size ?? null} />
          <p className={`stock-note${available === 0 ? " stock-note--none" : available <= 3 ? " stock-note--low" : ""}`} data-testid="stock-note">
            {variant
              ? t("variantAvailability", { size: variant.size, color: variant.color, availability: availabilityLabel(available, t) })
              : t("soldOutEverySize", { color })}
          </p>
          <AddToCartForm action={addToCartAction} variantId={variant?.id ?? null} available={available} />
        </div>
      </article>
    </>
  );
}
