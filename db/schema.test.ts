import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createProduct } from "@/test/factories";
import { db } from "./client";
import { itemStock } from "./schema";

describe("item_stock constraints", () => {
  it("refuses a negative quantity", async () => {
    const p = await createProduct([{ quantity: 1 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("no variant");
    await expect(db.update(itemStock).set({ quantity: -1 }).where(eq(itemStock.id, variant.id))).rejects.toThrow();
    const [row] = await db.select().from(itemStock).where(eq(itemStock.id, variant.id));
    expect(row?.quantity).toBe(1);
  });

  it("refuses a duplicate (product, size, colour)", async () => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 3 }]);
    await expect(db.insert(itemStock).values({ productId: p.id, size: "M", color: "Navy", quantity: 5 })).rejects.toThrow();
    const rows = await db.select().from(itemStock).where(eq(itemStock.productId, p.id));
    expect(rows).toHaveLength(1);
  });

  it("refuses a decrement below zero even when written as raw SQL", async () => {
    const p = await createProduct([{ quantity: 2 }]);
    const id = p.variants[0]?.id ?? 0;
    await expect(db.execute(sql`update item_stock set quantity = quantity - 3 where id = ${id}`)).rejects.toMatchObject({
      cause: { constraint: "item_stock_quantity_non_negative" },
    });
  });
});

describe("the order list's planner statistics", () => {
  it("keeps statistics on (status, fulfilment), which drizzle-kit does not manage, so the work queues read their index", async () => {
    const found = await db.execute<{ columns: string[] }>(sql`
      select array_agg(a.attname order by a.attname)::text[] as columns
      from pg_statistic_ext s join pg_attribute a on a.attrelid = s.stxrelid and a.attnum = any(s.stxkeys)
      where s.stxname = 'order_status_fulfilment_stats' and s.stxrelid = '"order"'::regclass and 'm' = any(s.stxkind)`);
    expect(found.rows[0]?.columns).toEqual(["fulfilment", "status"]);
  });
});
