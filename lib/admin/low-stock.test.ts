import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, stockMovement } from "@/db/schema";
import { cartWith, confirmed, startMercadoPagoForTests } from "@/lib/payments/test-support";
import { ledgerDiscrepancies, moveStock } from "@/lib/stock";
import { createProduct } from "@/test/factories";
import { createStaff } from "@/test/staff";
import { lowStockVariants, setLowStockDefault } from "./low-stock";
import { lowStockDefault, setVariantThreshold } from "./stock";

startMercadoPagoForTests();

/** Every low variant (not one page), narrowed to this test's own. */
async function lowOf(variantIds: number[]) {
  const { rows } = await lowStockVariants({ pageSize: 100_000 });
  return rows.filter((r) => variantIds.includes(r.id));
}

/** `units` sold through the ledger, `daysAgo` days back. */
async function sell(variantId: number, units: number, daysAgo = 0) {
  await db.transaction((tx) => moveStock(tx, variantId, -units, { reason: "sale" }));
  if (daysAgo > 0) {
    const [sale] = await db.select({ id: stockMovement.id }).from(stockMovement).where(eq(stockMovement.itemStockId, variantId)).orderBy(desc(stockMovement.id)).limit(1);
    await db.update(stockMovement).set({ createdAt: sql`now() - make_interval(days => ${daysAgo})` }).where(eq(stockMovement.id, sale?.id ?? 0));
  }
}

afterAll(async () => {
  expect(await ledgerDiscrepancies()).toEqual([]);
});

describe("low stock", () => {
  it("lists active variants at or under their own threshold, else the shop default, counting what open links hold", async () => {
    const staff = await createStaff();
    const shopDefault = await lowStockDefault();
    const created = await createProduct([
      { quantity: shopDefault }, // at the default: low
      { quantity: shopDefault + 1 }, // over it: not low
      { quantity: 8 }, // its own threshold of 10: low
      { quantity: 1 }, // its own threshold of 0: not low
      { quantity: 0 }, // inactive: not listed
    ]);
    const [atDefault, overDefault, ownHigh, ownZero, inactive] = created.variants.map((v) => v.id);
    if (!atDefault || !overDefault || !ownHigh || !ownZero || !inactive) throw new Error("variants missing");
    await setVariantThreshold(staff, { variantId: ownHigh, threshold: 10 });
    await setVariantThreshold(staff, { variantId: ownZero, threshold: 0 });
    await db.execute(sql`update item_stock set is_active = false where id = ${inactive}`);

    const low = await lowOf(created.variants.map((v) => v.id));

    expect(low.map((r) => r.id).sort()).toEqual([atDefault, ownHigh].sort());
    expect(low.find((r) => r.id === ownHigh)).toMatchObject({ quantity: 8, held: 0, available: 8, threshold: 10, usesShopDefault: false, soldRecently: 0 });
    expect(low.find((r) => r.id === atDefault)).toMatchObject({ threshold: shopDefault, usesShopDefault: true });
  });

  it("counts units held by open payment links as gone", async () => {
    const { owner, variant } = await cartWith(5, 2);
    expect(await lowOf([variant.id])).toEqual([]);

    await confirmed(owner);

    expect(await lowOf([variant.id])).toMatchObject([{ quantity: 5, held: 2, available: 3 }]);
  });

  it("puts the most sold in the last 30 days first; older sales do not count", async () => {
    const created = await createProduct([{ quantity: 402 }, { quantity: 902 }, { quantity: 602 }, { quantity: 2 }]);
    const [some, most, older, none] = created.variants.map((v) => v.id);
    if (!some || !most || !older || !none) throw new Error("variants missing");
    await sell(some, 400);
    await sell(most, 600);
    await sell(most, 300, 29);
    await sell(older, 100);
    await sell(older, 500, 31);

    const low = await lowOf([some, most, older, none]);

    expect(low.map((r) => [r.id, r.soldRecently, r.available])).toEqual([
      [most, 900, 2],
      [some, 400, 2],
      [older, 100, 2],
      [none, 0, 2],
    ]);
  });

  it("pages through the list with the total", async () => {
    const first = await lowStockVariants({ page: 1, pageSize: 2 });
    const second = await lowStockVariants({ page: 2, pageSize: 2 });
    expect(first.total).toBeGreaterThan(3);
    expect(second.total).toBe(first.total);
    expect(first.rows).toHaveLength(2);
    expect(second.rows.map((r) => r.id)).not.toContain(first.rows[0]?.id);
  });

  it("changes the shop default, audited, and the variants without their own follow it", async () => {
    const staff = await createStaff();
    const before = await lowStockDefault();
    const created = await createProduct([{ quantity: before + 2 }]);
    const variantId = created.variants[0]?.id ?? 0;
    expect(await lowOf([variantId])).toEqual([]);

    expect(await setLowStockDefault(staff, { lowStockDefault: before + 2 })).toEqual({
      ok: true,
      message: `Shop default low-stock threshold set to ${before + 2}.`,
    });
    expect(await lowOf([variantId])).toMatchObject([{ threshold: before + 2, usesShopDefault: true }]);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "settings"), eq(auditLog.staffEmail, staff.email)));
    expect(entry).toMatchObject({ entityId: "1", action: "set low-stock default", before: { lowStockDefault: before }, after: { lowStockDefault: before + 2 } });

    await setLowStockDefault(staff, { lowStockDefault: before });
    expect(await lowStockDefault()).toBe(before);
  });
});
