import "server-only";
import type { MetadataRoute } from "next";
import { asc, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { auditLog, itemStock, product, productImage } from "@/db/schema";
import { isOnSale } from "../catalog";
import { imageStore, imageUrl } from "../images/store";
import { productPath } from "../paths";
import { absoluteUrl, languageUrls, LOCALES, localizedPath } from "../urls";

/**
 * When a product's page last changed: created, edited by staff (the audit
 * log records every change to it and its variants), or given a photo.
 * PostgreSQL's greatest() skips the nulls of what never happened.
 */
const lastModified = sql<string>`greatest(
  ${product.createdAt},
  max(${productImage.createdAt}),
  (select max(${auditLog.createdAt}) from ${auditLog}
    where ${auditLog.entityType} = 'product' and ${auditLog.entityId} = ${product.id}::text),
  (select max(${auditLog.createdAt}) from ${auditLog} join ${itemStock}
    on ${auditLog.entityType} = 'variant' and ${auditLog.entityId} = ${itemStock.id}::text
    where ${itemStock.productId} = ${product.id})
)`;

type Page = { path: string; lastModified: Date | undefined; images: string[] };

/** Every page of the sitemap once per language, each naming its twins (hreflang). */
function inEveryLanguage(page: Page, appUrl: string | undefined): MetadataRoute.Sitemap {
  const languages = languageUrls(page.path, appUrl);
  return LOCALES.map((locale) => ({
    url: absoluteUrl(localizedPath(page.path, locale), appUrl),
    ...(page.lastModified ? { lastModified: page.lastModified } : {}),
    alternates: { languages },
    ...(page.images.length > 0 ? { images: page.images } : {}),
  }));
}

/** The sitemap: the home page and every product on sale, in both languages, with their photos. */
export async function sitemapEntries(appUrl?: string): Promise<MetadataRoute.Sitemap> {
  const products = await db
    .select({ id: product.id, slug: product.slug, lastModified: lastModified.mapWith((value: string) => new Date(value)) })
    .from(product)
    .leftJoin(productImage, eq(productImage.productId, product.id))
    .where(isOnSale)
    .groupBy(product.id)
    .orderBy(asc(product.id));
  const photos = await imageStore.listOf(products.map((p) => p.id));
  const pages: Page[] = products.map((p) => ({
    path: productPath(p.slug),
    lastModified: p.lastModified,
    images: photos.filter((photo) => photo.productId === p.id).map((photo) => absoluteUrl(imageUrl(photo), appUrl)),
  }));
  // The home page lists the products: it changed when the newest of them did.
  const newest = products.reduce<Date | undefined>((latest, p) => (latest && latest > p.lastModified ? latest : p.lastModified), undefined);
  const home: Page = { path: "/", lastModified: newest, images: [] };
  return [home, ...pages].flatMap((page) => inEveryLanguage(page, appUrl));
}
