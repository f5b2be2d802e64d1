import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db/client";
import { productImage } from "@/db/schema";

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

export type NewImage = { productId: number; color: string | null; contentType: ImageType; data: Buffer; alt: string };

/**
 * Where product photos live. Callers see only this, so an object store can
 * replace the database without touching them. Writes take the caller's
 * transaction: the photo and its audit entry commit together.
 */
export interface ImageStore {
  /** Stores a photo last in its product and colour's order. */
  put(tx: Transaction, image: NewImage): Promise<ImageInfo>;
  /** The bytes to serve, or null for an unknown id. */
  get(id: string): Promise<{ contentType: ImageType; data: Buffer; sha256: string } | null>;
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
  async put(tx, image) {
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
    return row;
  },

  async get(id) {
    const [row] = await db
      .select({ contentType: info.contentType, data: productImage.data, sha256: productImage.sha256 })
      .from(productImage)
      .where(eq(productImage.id, id));
    return row ?? null;
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
