import "server-only";
import type { ProductDetail } from "../catalog";
import { categoryPath, productChoicePath, productPath } from "../paths";
import { absoluteUrl } from "../urls";

export const SHOP_NAME = "Percha";
const IN_STOCK = "https://schema.org/InStock";
const OUT_OF_STOCK = "https://schema.org/OutOfStock";

/**
 * JSON for a <script type="application/ld+json">: "<" and ">" escaped, so no
 * product text can close the script element; U+2028/2029 too, for old parsers.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/[<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A SKU for a variant staff gave none: stable, and unique within the product (its size and colour are). */
export function fallbackSku(slug: string, variant: { size: string; color: string }): string {
  return `${slug}-${variant.color}-${variant.size}`.toUpperCase().replace(/[^A-Z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/**
 * What search engines read of a product page (schema.org): the Product with
 * an Offer per variant on sale — its price in pesos and whether it is in
 * stock now — and the breadcrumb Home › category › product.
 */
export function productJsonLd(found: ProductDetail, appUrl?: string) {
  const url = absoluteUrl(productPath(found.slug), appUrl);
  const price = (found.priceMinor / 100).toFixed(2);
  const photos = found.photos.length > 0 ? found.photos.map((p) => p.url) : [found.image];
  const product = {
    "@type": "Product",
    "@id": `${url}#product`,
    name: found.name,
    description: found.description,
    url,
    image: photos.map((path) => absoluteUrl(path, appUrl)),
    category: found.category,
    brand: { "@type": "Brand", name: SHOP_NAME },
    offers: found.variants.map((variant) => ({
      "@type": "Offer",
      sku: variant.sku ?? fallbackSku(found.slug, variant),
      name: `${found.name} — ${variant.size}, ${variant.color}`,
      url: absoluteUrl(productChoicePath(found.slug, variant), appUrl),
      price,
      priceCurrency: found.currency,
      availability: variant.available > 0 ? IN_STOCK : OUT_OF_STOCK,
      itemCondition: "https://schema.org/NewCondition",
      seller: { "@type": "Organization", name: SHOP_NAME },
    })),
  };
  const crumbs = [
    { name: "Home", path: "/" },
    { name: found.category, path: categoryPath(found.category) },
    { name: found.name, path: productPath(found.slug) },
  ];
  const breadcrumb = {
    "@type": "BreadcrumbList",
    itemListElement: crumbs.map((crumb, index) => ({
      "@type": "ListItem",
      position: index + 1,
      name: crumb.name,
      item: absoluteUrl(crumb.path, appUrl),
    })),
  };
  return { "@context": "https://schema.org", "@graph": [product, breadcrumb] };
}
