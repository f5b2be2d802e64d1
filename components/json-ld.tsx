import { serializeJsonLd } from "@/lib/seo/json-ld";

/**
 * Structured data for search engines. A data block is never executed, but it
 * carries the page's nonce all the same: every script element of a page does.
 */
export function JsonLd({ data, nonce }: { data: unknown; nonce: string | undefined }) {
  return <script type="application/ld+json" nonce={nonce} dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />;
}
