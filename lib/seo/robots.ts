import "server-only";
import type { MetadataRoute } from "next";
import { absoluteUrl, LOCALES, localizedPath } from "../urls";

/** A shopper's own pages, in every language: nobody's search result. */
const PRIVATE_PAGES = ["/cart", "/checkout", "/orders", "/account", "/dev"];
/** Paths that keep no language prefix. */
const PRIVATE_PATHS = ["/admin", "/api"];

/** robots.txt: crawl the catalog, not carts, checkouts, orders, the back office or the API; here is the sitemap. */
export function robotsRules(appUrl?: string): MetadataRoute.Robots {
  const perLanguage = LOCALES.flatMap((locale) => PRIVATE_PAGES.map((path) => localizedPath(path, locale)));
  return {
    rules: [{ userAgent: "*", allow: "/", disallow: [...PRIVATE_PATHS, ...new Set(perLanguage)] }],
    sitemap: absoluteUrl("/sitemap.xml", appUrl),
  };
}
