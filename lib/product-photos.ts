import "server-only";
import type { Database, Transaction } from "@/db/client";
import { imageStore, imageUrl, type ImageInfo } from "./images/store";

/** A product photo as pages show it. `color` null: it shows for every colour. */
export type ProductPhoto = { url: string; alt: string; color: string | null };

export function toProductPhoto(image: Pick<ImageInfo, "id" | "sha256" | "alt" | "color">, productName: string): ProductPhoto {
  const alt = image.alt || (image.color ? `${productName} in ${image.color}` : productName);
  return { url: imageUrl(image), alt, color: image.color };
}

/** The photos of one colour: its own first, then those shared by every colour. */
export function photosOfColor(photos: ProductPhoto[], color: string): ProductPhoto[] {
  return [...photos.filter((p) => p.color === color), ...photos.filter((p) => p.color === null)];
}

export type Gallery = {
  photos: ProductPhoto[];
  /** Set when the chosen colour has no photos and another colour's stand in: the page says so. */
  shownColor: string | null;
};

/**
 * What the product page shows for a colour: its photos; else, rather than
 * nothing, another colour's, saying which; else the product's own image
 * (its drawing, or the placeholder of a product without photos).
 */
export function galleryFor(photos: ProductPhoto[], color: string, fallback: ProductPhoto): Gallery {
  const own = photosOfColor(photos, color);
  if (own.length > 0) return { photos: own, shownColor: null };
  const other = photos[0]?.color;
  if (other) return { photos: photos.filter((p) => p.color === other), shownColor: other };
  return { photos: [fallback], shownColor: null };
}

type Line = { productId: number; productName: string; color: string; image: string };

/**
 * The picture of each bought or carted line: its colour's first photo, else
 * the product's own image (`image`). Read when shown, so a photo staff
 * replaced never leaves a broken picture behind.
 */
export async function withColorImages<T extends Line>(tx: Database | Transaction, lines: T[]): Promise<T[]> {
  const images = await imageStore.listOf([...new Set(lines.map((l) => l.productId))], tx);
  return lines.map((line) => {
    const ofProduct = images.filter((i) => i.productId === line.productId).map((i) => toProductPhoto(i, line.productName));
    return { ...line, image: photosOfColor(ofProduct, line.color)[0]?.url ?? line.image };
  });
}
