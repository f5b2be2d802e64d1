import "server-only";
import { PHOTO_WIDTHS, type PhotoWidth } from "./sizes";

export type PhotoSize = { width: PhotoWidth; data: Buffer };

/**
 * A photo at every width pages ask for, as WebP, never wider than uploaded:
 * made once, when the photo is stored, before its transaction. sharp is
 * loaded here only, so an instance that serves photos never loads it. A
 * photo sharp cannot read has no sizes: it is served as uploaded.
 */
export async function photoSizes(data: Buffer): Promise<PhotoSize[]> {
  const { default: sharp } = await import("sharp");
  try {
    const sizes: PhotoSize[] = [];
    for (const width of PHOTO_WIDTHS) {
      sizes.push({ width, data: await sharp(data).resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer() });
    }
    return sizes;
  } catch {
    return [];
  }
}
