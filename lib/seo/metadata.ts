import "server-only";
import type { Metadata } from "next";
import { formatMoney } from "@/components/format";
import { chooseVariant, type ProductDetail } from "../catalog";
import { productPath } from "../paths";
import { galleryFor } from "../product-photos";
import { absoluteUrl, DEFAULT_LOCALE, pageAlternates, type Locale } from "../urls";
import { SHOP_NAME } from "./json-ld";

const OG_LOCALES: Record<Locale, string> = { es: "es_AR", en: "en_US" };

/** A page's canonical URL, language twins and the link-preview basics every page shares. */
export function pageMetadata(path: string, page: { title: string; description: string }, locale: Locale = DEFAULT_LOCALE): Metadata {
  const alternates = pageAlternates(path, locale);
  return {
    alternates,
    openGraph: { type: "website", siteName: SHOP_NAME, locale: OG_LOCALES[locale], url: alternates.canonical, ...page },
    twitter: { card: "summary", ...page },
  };
}

/**
 * A product page's metadata: canonical URL (no colour or size: they are the
 * same page), and link previews (OpenGraph, Twitter) with the photo of the
 * colour the page opens on, the price and whether it is in stock.
 */
export function productMetadata(found: ProductDetail, locale: Locale = DEFAULT_LOCALE): Metadata {
  const { color } = chooseVariant(found, {});
  const fallback = { url: found.image, alt: found.name, color: null };
  const [photo] = galleryFor(found.photos, color, fallback).photos;
  const image = { url: absoluteUrl(photo?.url ?? found.image), alt: photo?.alt ?? found.name };
  const price = formatMoney(found.priceMinor, found.currency);
  const inStock = found.variants.some((v) => v.available > 0);
  const page = { title: found.name, description: found.description };
  const base = pageMetadata(productPath(found.slug), page, locale);
  return {
    ...page,
    alternates: base.alternates,
    openGraph: { ...base.openGraph, description: `${price} · ${found.description}`, images: [image] },
    twitter: { card: "summary_large_image", ...page, description: `${price} · ${found.description}`, images: [image] },
    other: {
      "product:price:amount": (found.priceMinor / 100).toFixed(2),
      "product:price:currency": found.currency,
      "product:availability": inStock ? "in stock" : "out of stock",
      "twitter:label1": "Price",
      "twitter:data1": price,
      "twitter:label2": "Availability",
      "twitter:data2": inStock ? "In stock" : "Sold out",
    },
  };
}
