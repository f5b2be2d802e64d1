/** Where the storefront's pages live; one place, so links, sitemaps and structured data agree. */

export const productPath = (slug: string) => `/products/${encodeURIComponent(slug)}`;

/** A product page with a colour, size and photo chosen: what works without JavaScript. */
export function productChoicePath(slug: string, choice: { color?: string | null; size?: string | null; photo?: number | null }): string {
  const query = new URLSearchParams();
  if (choice.color) query.set("color", choice.color);
  if (choice.size) query.set("size", choice.size);
  if (choice.photo && choice.photo > 1) query.set("photo", String(choice.photo));
  const search = query.toString();
  return search ? `${productPath(slug)}?${search}` : productPath(slug);
}

export const categoryPath = (category: string) => `/?category=${encodeURIComponent(category)}`;
