import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Transaction } from "@/db/client";
import { itemStock, product, productImage } from "@/db/schema";
import { recordAudit, type Actor } from "../audit";
import { catalogChange } from "../catalog-cache";
import { photoSizes } from "../images/resize";
import { imageStore, type ImageInfo, type ImageType } from "../images/store";
import { databaseIdField } from "../forms";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES_PER_UPLOAD = 5;

/**
 * The type a photo really is, from its first bytes: JPEG, PNG or WebP, else
 * null. The name and the type the browser declares are not trusted, so an
 * SVG or an HTML page renamed to .png is refused.
 */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  const starts = (signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte);
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

// Rounded up, so a file just over the limit never reads as "5.0 MB".
const megabytes = (bytes: number) => `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;

/** Why one uploaded file cannot be a photo, or its type. */
async function readPhoto(file: File): Promise<{ ok: true; type: ImageType; data: Buffer } | { ok: false; message: string }> {
  const name = file.name.length > 60 ? `${file.name.slice(0, 57)}…` : file.name;
  if (file.size === 0) return { ok: false, message: `${name} is empty.` };
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, message: `${name} is ${megabytes(file.size)}; a photo can be at most 5 MB.` };
  const data = Buffer.from(await file.arrayBuffer());
  const type = imageTypeOf(data);
  if (type) return { ok: true, type, data };
  const isSvg = file.type === "image/svg+xml" || /\.svgz?$/i.test(file.name);
  return {
    ok: false,
    message: isSvg
      ? `${name} is an SVG drawing, which is not accepted (it can carry scripts): upload a JPEG, PNG or WebP photo.`
      : `${name} is not a JPEG, PNG or WebP photo.`,
  };
}

export const uploadSchema = z.object({
  productId: databaseIdField,
  /** Empty: the photos show for every colour. */
  color: z.string().trim().max(40).transform((color) => color || null),
  alt: z.string().trim().max(200, "Use at most 200 characters").default(""),
});

export type ImageResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

const refused = (field: string, messages: string[]): ImageResult =>
  ({ ok: false, message: messages.join(" "), fieldErrors: { [field]: messages } });

/** Locks the product so its photos' positions change one save at a time; null when it is gone. */
async function lockProduct(tx: Transaction, productId: number) {
  const [row] = await tx.select({ id: product.id, name: product.name }).from(product).where(eq(product.id, productId)).for("update");
  return row ?? null;
}

/**
 * Adds photos to a product, for one of its colours or for all: every file
 * is checked first, and one bad file stores none of them.
 */
export async function addProductImages(
  actor: Actor,
  input: z.infer<typeof uploadSchema> & { files: FormDataEntryValue[] },
): Promise<ImageResult> {
  // A file input left empty still posts one nameless, empty file.
  const files = input.files.filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ""));
  if (files.length === 0) return refused("photos", ["Choose at least one photo."]);
  if (files.length > MAX_IMAGES_PER_UPLOAD) return refused("photos", [`Upload at most ${MAX_IMAGES_PER_UPLOAD} photos at a time.`]);
  const checked = await Promise.all(files.map(readPhoto));
  const photos = checked.flatMap((p) => (p.ok ? [p] : []));
  if (photos.length < checked.length) return refused("photos", checked.flatMap((p) => (p.ok ? [] : [p.message])));
  // Resized before the transaction: it takes tens of milliseconds a photo.
  const sized = await Promise.all(photos.map((photo) => photoSizes(photo.data)));

  return catalogChange(db.transaction(async (tx) => {
    const found = await lockProduct(tx, input.productId);
    if (!found) return { ok: false, message: "That product no longer exists." };
    if (input.color !== null) {
      const colors = await tx.selectDistinct({ color: itemStock.color }).from(itemStock).where(eq(itemStock.productId, found.id));
      if (!colors.some((c) => c.color === input.color)) return refused("color", ["Choose one of this product's colours, or every colour."]);
    }
    const alt = input.alt || (input.color ? `${found.name}, ${input.color}` : found.name);
    for (const [index, photo] of photos.entries()) {
      const stored = await imageStore.put(tx, { productId: found.id, color: input.color, contentType: photo.type, data: photo.data, alt, sizes: sized[index] });
      await recordAudit(tx, actor, { entityType: "product", entityId: found.id, action: "add photo", after: describe(stored) });
    }
    return { ok: true, message: `Added ${photos.length} photo${photos.length === 1 ? "" : "s"} for ${input.color ?? "every colour"}.` };
  }));
}

export const moveSchema = z.object({ imageId: z.uuid(), direction: z.enum(["earlier", "later"]) });
export const removeSchema = z.object({ imageId: z.uuid() });

const GONE: ImageResult = { ok: false, message: "That photo no longer exists." };

/** Runs `change` on a photo with its product locked, so photo order changes one save at a time; GONE when it is not there. */
async function withImage(imageId: string, change: (tx: Transaction, image: ImageInfo, all: ImageInfo[]) => Promise<ImageResult>) {
  return catalogChange(db.transaction(async (tx) => {
    const [owner] = await tx.select({ productId: productImage.productId }).from(productImage).where(eq(productImage.id, imageId));
    if (!owner || !(await lockProduct(tx, owner.productId))) return GONE;
    const all = await imageStore.list(owner.productId, tx);
    const image = all.find((i) => i.id === imageId);
    return image ? change(tx, image, all) : GONE;
  }));
}

/** Moves a photo one place earlier or later among the photos of its colour. */
export async function moveProductImage(actor: Actor, input: z.infer<typeof moveSchema>): Promise<ImageResult> {
  return withImage(input.imageId, async (tx, image, all) => {
    const group = all.filter((i) => i.color === image.color);
    const from = group.indexOf(image);
    const to = input.direction === "earlier" ? from - 1 : from + 1;
    const other = group[to];
    if (!other) return { ok: true, message: `That photo is already ${input.direction === "earlier" ? "first" : "last"}.` };
    [group[from], group[to]] = [other, image];
    await imageStore.reorder(tx, group.map((i) => i.id));
    await recordAudit(tx, actor, {
      entityType: "product", entityId: image.productId, action: "move photo",
      before: { imageId: image.id, color: image.color, place: from + 1 }, after: { imageId: image.id, color: image.color, place: to + 1 },
    });
    return { ok: true, message: `Moved the photo to place ${to + 1} of ${group.length}.` };
  });
}

export async function removeProductImage(actor: Actor, input: z.infer<typeof removeSchema>): Promise<ImageResult> {
  return withImage(input.imageId, async (tx, image) => {
    await imageStore.remove(tx, image.id);
    await recordAudit(tx, actor, { entityType: "product", entityId: image.productId, action: "remove photo", before: describe(image) });
    return { ok: true, message: "Removed the photo." };
  });
}

/** A photo as the audit log keeps it: what it was, never its bytes. */
const describe = (image: ImageInfo) => ({
  imageId: image.id, color: image.color, contentType: image.contentType, bytes: image.bytes, sha256: image.sha256,
});
