import { randomBytes } from "node:crypto";
import { db } from "@/db/client";
import { itemStock, product, users } from "@/db/schema";
import sharp from "sharp";
import { imageStore, imageUrl } from "@/lib/images/store";
import { countStock, openLedger } from "@/lib/stock";

export type TestVariant = { id: number; size: string; color: string; quantity: number };

/** A product of its own for one test, so tests never share stock. */
export async function createProduct(
  variants: Array<{ size?: string; color?: string; quantity: number }>,
  priceMinor = 1_850_000,
): Promise<{ id: number; slug: string; name: string; variants: TestVariant[] }> {
  const slug = `test-${randomBytes(5).toString("hex")}`;
  const name = `Test Tee ${slug.slice(5)}`;
  const [row] = await db
    .insert(product)
    .values({ slug, name, description: "A test product.", category: "T-shirts", priceMinor, image: "/products/classic-tee.svg" })
    .returning({ id: product.id });
  if (!row) throw new Error("product not created");
  const created = variants.length === 0 ? [] : await db
    .insert(itemStock)
    .values(variants.map((v, i) => ({ productId: row.id, size: v.size ?? ["S", "M", "L", "XL"][i] ?? `Z${i}`, color: v.color ?? "Black", quantity: v.quantity })))
    .returning({ id: itemStock.id, size: itemStock.size, color: itemStock.color, quantity: itemStock.quantity });
  await openLedger(db, created);
  return { id: row.id, slug, name, variants: created };
}

/** Sets a variant's units on hand behind the shopper's back, the way a stocktake would (through the ledger). */
export async function setStock(variantId: number, quantity: number): Promise<void> {
  await db.transaction((tx) => countStock(tx, variantId, quantity, { note: "test stocktake" }));
}

export function guest(): { token: string } {
  return { token: randomBytes(32).toString("base64url") };
}

/** A staff member to make and audit back-office changes. */
export async function staffActor(): Promise<{ id: string; email: string }> {
  const email = `staff-${randomBytes(5).toString("hex")}@example.com`;
  const [row] = await db.insert(users).values({ email, name: "Test Staff", role: "staff" }).returning({ id: users.id });
  if (!row) throw new Error("staff not created");
  return { id: row.id, email };
}

/** `count` small PNG photos of a product's colour (null: every colour), stored as the back office stores them; their URLs, in order. */
export async function addPhotos(productId: number, color: string | null, count = 1): Promise<string[]> {
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const data = await sharp({ create: { width: 8, height: 10, channels: 3, background: { r: 40 * i, g: 90, b: 120 } } }).png().toBuffer();
    const stored = await db.transaction((tx) => imageStore.put(tx, { productId, color, contentType: "image/png", data, alt: `${color ?? "Any"} photo ${i + 1}` }));
    urls.push(imageUrl(stored));
  }
  return urls;
}
