import type { MetadataRoute } from "next";
import { sitemapEntries } from "@/lib/seo/sitemap";

// Read at request time: the catalog and APP_URL are the running shop's, not the build's.
export const dynamic = "force-dynamic";

export default function sitemap(): Promise<MetadataRoute.Sitemap> {
  return sitemapEntries();
}
