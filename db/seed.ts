import "server-only";
import { sql } from "drizzle-orm";
import { demoCatalog } from "./catalog-data";
import { db } from "./client";
import { openLedger } from "@/lib/stock";
import { itemStock, product } from "./schema";

/** Loads the demo catalog. With `reset`, empties the shop (catalog, carts, orders) first. */
export async function seedCatalog({ reset = false } = {}): Promise<{ products: number; variants: number }> {
  return db.transaction(async (tx) => {
    if (reset) {
      await tx.execute(sql`TRUNCATE product, item_stock, stock_movement, cart, cart_item, "order", order_item,
        payment, stock_hold, refund, email_outbox RESTART IDENTITY CASCADE`);
    }
    let variants = 0;
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
    }
    return { products: demoCatalog.length, variants };
  });
}

export async function isCatalogEmpty(): Promise<boolean> {
  const rows = await db.select({ id: product.id }).from(product).limit(1);
  return rows.length === 0;
}
