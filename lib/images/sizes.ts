/**
 * The widths a stored photo is also served at (WebP, from `/images/<id>?w=`):
 * thumbnails and cart or order lines (240: up to 120 CSS pixels at 2x), and
 * the large photo for phones and desktops. Pages ask for these instead of
 * the upload itself, which may be a 5 MB original.
 */
export const PHOTO_WIDTHS = [240, 480, 800, 1200] as const;
export type PhotoWidth = (typeof PHOTO_WIDTHS)[number];

const LARGE: PhotoWidth[] = [480, 800, 1200];

const isStoredPhoto = (url: string) => url.startsWith("/images/");

/** A stored photo's URL at `width`; any other image (a product's drawing) as it is. */
export function sizedPhotoUrl(url: string, width: PhotoWidth): string {
  if (!isStoredPhoto(url)) return url;
  return `${url}${url.includes("?") ? "&" : "?"}w=${width}`;
}

/** The `srcset` of a large stored photo, for the browser to pick by screen; none for other images. */
export function largePhotoSrcSet(url: string): string | undefined {
  return isStoredPhoto(url) ? LARGE.map((width) => `${sizedPhotoUrl(url, width)} ${width}w`).join(", ") : undefined;
}

/** The `sizes` of the product page's large photo: the whole width on a phone, half the page's on a desktop. */
export const LARGE_PHOTO_SIZES = "(max-width: 760px) 100vw, 560px";
