import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db/client";
import { productImage, productImageSize } from "@/db/schema";
import type { PhotoSize } from "./resize";
import type { PhotoWidth } from "./sizes";

export type ImageType = "image/jpeg" | "image/png" | "image/webp";

/** A stored photo without its bytes. `color` null: it shows for every colour. */
export type ImageInfo = {
  id: string;
  productId: number;
  color: string | null;
  position: number;
  contentType: ImageType;
  sha256: string;
  alt: string;
  bytes: number;
};

/** `sizes`: the photo at the widths pages ask for (lib/images/resize.ts), made before the transaction. */
export type NewImage = { productId: number; color: string | null; contentType: ImageType; data: Buffer; alt: string; sizes?: PhotoSize[] };

/** What is served: the photo at the width asked for (WebP), or as uploaded when it has no such size. */
export type ServedImage = { contentType: ImageType; data: Buffer; sha256: string; width: PhotoWidth | null };

/**
 * Where product photos live. Callers see only this, so an object store can
 * replace the database without touching them. Writes take the caller's
 * transaction: the photo and its audit entry commit together.
 */
export interface ImageStore {
  /** Stores a photo last in its product and colour's order. */
  put(tx: Transaction, image: NewImage): Promise<ImageInfo>;
  /** The bytes to serve, at `width` when it has that size, or null for an unknown id. */
  get(id: string, width?: PhotoWidth): Promise<ServedImage | null>;
  /** Deletes a photo, returning what it was (null when it was already gone). */
  remove(tx: Transaction, id: string): Promise<ImageInfo | null>;
  /** A product's photos, shared ones first, then by colour and position. */
  list(productId: number, tx?: Transaction): Promise<ImageInfo[]>;
  /** The photos of several products, each product's in the order `list` gives. */
  listOf(productIds: number[], tx?: Database | Transaction): Promise<ImageInfo[]>;
  /** Sets the order of some photos of one group: the first listed comes first. */
  reorder(tx: Transaction, ids: string[]): Promise<void>;
}

const info = {
  id: productImage.id,
  productId: productImage.productId,
  color: productImage.color,
  position: productImage.position,
  contentType: sql<ImageType>`${productImage.contentType}`,
  sha256: productImage.sha256,
  alt: productImage.alt,
  // The stored length, read without fetching the bytes.
  bytes: sql<number>`octet_length(${productImage.data})::int`,
};

async function listOf(productIds: number[], tx: Database | Transaction = db): Promise<ImageInfo[]> {
  if (productIds.length === 0) return [];
  return tx
    .select(info)
    .from(productImage)
    .where(inArray(productImage.productId, productIds))
    .orderBy(
      asc(productImage.productId),
      sql`${productImage.color} asc nulls first`,
      asc(productImage.position),
      asc(productImage.createdAt),
      asc(productImage.id),
    );
}

/** Photos in product_image (bytea): every app instance reads them and the demo needs no other service. */
const databaseImageStore: ImageStore = {
  async put(tx, { sizes = [], ...image }) {
    const sameGroup = and(
      eq(productImage.productId, image.productId),
      image.color === null ? isNull(productImage.color) : eq(productImage.color, image.color),
    );
    const [row] = await tx
      .insert(productImage)
      .values({
        ...image,
        sha256: createHash("sha256").update(image.data).digest("hex"),
        position: sql`(select coalesce(max(${productImage.position}) + 1, 0) from ${productImage} where ${sameGroup})`,
      })
      .returning(info);
    if (!row) throw new Error("image was not stored");
    if (sizes.length > 0) await tx.insert(productImageSize).values(sizes.map((size) => ({ imageId: row.id, ...size })));
    return row;
  },

  async get(id, width) {
    // The original's bytes (up to 5 MB) are read only when the size asked for is missing.
    const [row] = await db
      .select({
        contentType: info.contentType,
        sha256: productImage.sha256,
        sized: productImageSize.data,
        original: sql<Buffer | null>`case when ${productImageSize.data} is null then ${productImage.data} end`,
      })
      .from(productImage)
      .leftJoin(productImageSize, and(eq(productImageSize.imageId, productImage.id), eq(productImageSize.width, width ?? -1)))
      .where(eq(productImage.id, id));
    if (!row) return null;
    if (row.sized && width) return { contentType: "image/webp", data: row.sized, sha256: row.sha256, width };
    return { contentType: row.contentType, data: row.original ?? Buffer.alloc(0), sha256: row.sha256, width: null };
  },

  async remove(tx, id) {
    const [row] = await tx.delete(productImage).where(eq(productImage.id, id)).returning(info);
    return row ?? null;
  },

  list: (productId, tx) => listOf([productId], tx),
  listOf,

  async reorder(tx, ids) {
    if (ids.length === 0) return;
    const positions = sql.join(ids.map((id, index) => sql`when ${id}::uuid then ${index}::int`), sql` `);
    await tx.update(productImage).set({ position: sql`case ${productImage.id} ${positions} end` }).where(inArray(productImage.id, ids));
  },
};

export const imageStore: ImageStore = databaseImageStore;

/** Where a photo is served: the hash in the URL lets browsers keep it for good, and a new photo is a new URL. */
export function imageUrl(image: Pick<ImageInfo, "id" | "sha256">): string {
  return `/images/${image.id}?v=${urlVersion(image.sha256)}`;
}

export const urlVersion = (sha256: string) => sha256.slice(0, 16);
