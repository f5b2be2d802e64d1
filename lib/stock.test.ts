import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { itemStock, stockMovement } from "@/db/schema";
import { createProduct, guest } from "@/test/factories";
import { until, waitsForStockLock } from "@/test/locks";
import { addToCart } from "./cart";
import { whenIdle } from "./jobs/kick";
import { finalizePayment } from "./payments/finalize";
import { confirmed, startMercadoPagoForTests, stockOf } from "./payments/test-support";
import { availableUnderStockLock, countStock, ledgerDiscrepancies, lockStock, moveStock, readUnderStockLock } from "./stock";

const mercadoPago = startMercadoPagoForTests();

const movementsOf = (variantId: number) =>
  db.select().from(stockMovement).where(eq(stockMovement.itemStockId, variantId)).orderBy(asc(stockMovement.id));

async function variantWith(quantity: number) {
  const p = await createProduct([{ quantity }]);
  const variant = p.variants[0];
  if (!variant) throw new Error("no variant");
  return variant;
}

describe("the stock ledger", () => {
  it("changes the quantity and writes its movement together, and never goes below zero", async () => {
    const variant = await variantWith(5);

    expect(await db.transaction((tx) => moveStock(tx, variant.id, 3, { reason: "restock", note: "Delivery 42" }))).toBe(8);
    expect(await db.transaction((tx) => moveStock(tx, variant.id, -9, { reason: "correction" }))).toBeNull();
    expect(await db.transaction((tx) => moveStock(tx, variant.id, -8, { reason: "correction", note: "Water damage" }))).toBe(0);

    expect(await stockOf(variant.id)).toBe(0);
    expect((await movementsOf(variant.id)).map((m) => [m.reason, m.delta, m.quantityAfter, m.note])).toEqual([
      ["count", 5, 5, "Opening balance"], ["restock", 3, 8, "Delivery 42"], ["correction", -8, 0, "Water damage"],
    ]);
  });

  it("a stocktake sets the counted number and records the difference", async () => {
    const variant = await variantWith(7);

    expect(await db.transaction((tx) => countStock(tx, variant.id, 4, { note: "Friday count" }))).toBe(-3);

    expect(await stockOf(variant.id)).toBe(4);
    expect((await movementsOf(variant.id)).at(-1)).toMatchObject({ reason: "count", delta: -3, quantityAfter: 4, note: "Friday count" });
  });

  it("loses no unit when restocks race with sales, and every variant's movements sum to its quantity", async () => {
    const variant = await variantWith(10);
    const links = [];
    for (let i = 0; i < 8; i++) {
      const owner = guest();
      await addToCart(owner, variant.id, 1);
      links.push(await confirmed(owner));
    }
    const approvals = await Promise.all(links.map((l) => mercadoPago().standIn.pay(l.preferenceId, "approved", { notify: false })));

    const results = await Promise.all([
      ...approvals.map((a) => finalizePayment(String(a.id))),
      ...Array.from({ length: 5 }, () => db.transaction((tx) => moveStock(tx, variant.id, 2, { reason: "restock" }))),
    ]);
    await whenIdle();

    expect(results.slice(0, 8).map((r) => (r && typeof r === "object" ? r.outcome : r))).toEqual(Array(8).fill("approved"));
    expect(await stockOf(variant.id)).toBe(10 - 8 + 5 * 2);
    const movements = await movementsOf(variant.id);
    expect(movements.filter((m) => m.reason === "sale")).toHaveLength(8);
    expect(movements.every((m) => m.reason !== "sale" || m.orderId !== null)).toBe(true);
    expect(movements.reduce((sum, m) => sum + m.delta, 0)).toBe(12);
    expect(await ledgerDiscrepancies()).toEqual([]);
  });
});

describe("the stock lock", () => {
  it("reads under the lock what the transaction that held it committed: the read's snapshot is taken once the lock is ours", async () => {
    const variant = await variantWith(5);
    let reading: Promise<Array<{ quantity: number }>> = Promise.resolve([]);
    await db.transaction(async (holder) => {
      await lockStock(holder, [variant.id]);
      await moveStock(holder, variant.id, -2, { reason: "correction" });
      reading = db.transaction((tx) => readUnderStockLock(tx, [variant.id], tx.select({ quantity: itemStock.quantity }).from(itemStock).where(eq(itemStock.id, variant.id))));
      await until(waitsForStockLock, 10_000);
    });

    expect(await reading).toEqual([{ quantity: 3 }]);
  });

  it("reads availability with its timestamps and ids inlined, as the plain query does", async () => {
    const variant = await variantWith(4);
    const owner = guest();
    await addToCart(owner, variant.id, 3);
    const { orderId } = await confirmed(owner);

    const read = (exceptOrderId: number) => db.transaction((tx) => availableUnderStockLock(tx, [variant.id, variant.id], exceptOrderId));
    expect(await read(orderId)).toEqual(new Map([[variant.id, 4]]));
    expect(await read(orderId + 1)).toEqual(new Map([[variant.id, 1]]));
  });
});
