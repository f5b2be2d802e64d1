import "server-only";
import { sql } from "drizzle-orm";
import { demoCatalog, type DemoProduct } from "./catalog-data";
import { db } from "./client";
import { demoPhotos, type DemoPhoto } from "./demo-photos";
import { photoSizes, type PhotoSize } from "@/lib/images/resize";
import { imageStore } from "@/lib/images/store";
import { openLedger } from "@/lib/stock";
import { itemStock, product } from "./schema";

const colorsOf = (demo: DemoProduct) => [...new Set(demo.variants.map((v) => v.color))];

/**
 * Loads the demo catalog, with photos of every colour. With `reset`, empties
 * the shop (catalog, carts, orders) first. The photos are drawn and sized
 * before the transaction opens, so it never waits on them.
 */
export async function seedCatalog({ reset = false } = {}): Promise<{ products: number; variants: number; photos: number }> {
  const photosOf = new Map<DemoProduct, Array<{ color: string; photos: Array<DemoPhoto & { sizes: PhotoSize[] }> }>>(
    await Promise.all(demoCatalog.map(async (demo) => [
      demo,
      await Promise.all(colorsOf(demo).map(async (color) => ({ color, photos: await withSizes(await demoPhotos(demo, color)) }))),
    ] as const)),
  );
  return db.transaction(async (tx) => {
    if (reset) {
      await tx.execute(sql`TRUNCATE product, item_stock, stock_movement, cart, cart_item, "order", order_item,
        payment, stock_hold, refund, email_outbox RESTART IDENTITY CASCADE`);
    }
    let [variants, photos] = [0, 0];
    for (const demo of demoCatalog) {
      const [row] = await tx
        .insert(product)
        .values({
          slug: demo.slug,
          name: demo.name,
          description: demo.description,
          category: demo.category,
          priceMinor: demo.priceMinor,
          image: demo.image,
        })
        .returning({ id: product.id });
      if (!row) throw new Error(`could not insert ${demo.slug}`);
      const stocked = await tx
        .insert(itemStock)
        .values(demo.variants.map((v) => ({ productId: row.id, ...v })))
        .returning({ id: itemStock.id, quantity: itemStock.quantity });
      await openLedger(tx, stocked);
      variants += demo.variants.length;
      for (const { color, photos: ofColor } of photosOf.get(demo) ?? []) {
        for (const photo of ofColor) {
          await imageStore.put(tx, { productId: row.id, color, contentType: photo.contentType, data: photo.data, alt: photo.alt, sizes: photo.sizes });
          photos++;
        }
      }
    }
    return { products: demoCatalog.length, variants, photos };
  });
}

export async function isCatalogEmpty(): Promise<boolean> {
  const rows = await db.select({ id: product.id }).from(product).limit(1);
  return rows.length === 0;
}

const withSizes = (photos: DemoPhoto[]) => Promise.all(photos.map(async (photo) => ({ ...photo, sizes: await photoSizes(photo.data) })));
