import { and, asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, itemStock, product, stockMovement } from "@/db/schema";
import { finalizePayment } from "@/lib/payments/finalize";
import { cartWith, confirmed, startMercadoPagoForTests, stockOf } from "@/lib/payments/test-support";
import { addToCart } from "@/lib/cart";
import { parseForm } from "@/lib/forms";
import { whenIdle } from "@/lib/jobs/kick";
import { ledgerDiscrepancies } from "@/lib/stock";
import { createProduct, guest } from "@/test/factories";
import { createStaff } from "@/test/staff";
import {
  correctionSchema,
  correctVariant,
  countSchema,
  countVariant,
  listStock,
  movementHistory,
  restockSchema,
  restockVariant,
  setVariantThreshold,
  stockFilterSchema,
  thresholdSchema,
  variantStock,
} from "./stock";

const mercadoPago = startMercadoPagoForTests();

async function variantWith(quantity: number) {
  const created = await createProduct([{ quantity }]);
  const variant = created.variants[0];
  if (!variant) throw new Error("no variant");
  return { ...variant, product: created };
}

const movementsOf = (variantId: number) =>
  db.select().from(stockMovement).where(eq(stockMovement.itemStockId, variantId)).orderBy(asc(stockMovement.id));
const auditOf = (variantId: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.entityType, "variant"), eq(auditLog.entityId, String(variantId)))).orderBy(asc(auditLog.id));

/** Parses form fields as a browser would post them. */
function form<T extends Parameters<typeof parseForm>[0]>(schema: T, fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return parseForm(schema, data);
}

function parsed<T extends Parameters<typeof parseForm>[0]>(schema: T, fields: Record<string, string>) {
  const result = form(schema, fields);
  if (!result.ok) throw new Error(JSON.stringify(result.state.fieldErrors));
  return result.data;
}

afterAll(async () => {
  await whenIdle();
  expect(await ledgerDiscrepancies()).toEqual([]);
});

describe("stock forms: input", () => {
  it("takes whole numbers within bounds only, with a field error naming the rule", () => {
    for (const units of ["", "1.5", "-2", "1e3", "twelve", "0", "100001", "99999999999"]) {
      const result = form(restockSchema, { variantId: "1", units });
      expect(result.ok, units).toBe(false);
      if (!result.ok) expect(result.state.fieldErrors?.units).toEqual(["Units must be a whole number from 1 to 100,000"]);
    }
    expect(parsed(restockSchema, { variantId: "1", units: " 12 ", note: "" })).toEqual({ variantId: 1, units: 12, note: null });
    expect(parsed(countSchema, { variantId: "1", counted: "0", countNote: "Shelf B" })).toEqual({ variantId: 1, counted: 0, note: "Shelf B" });
    expect(parsed(thresholdSchema, { variantId: "1", threshold: "" })).toEqual({ variantId: 1, threshold: null });
    expect(parsed(thresholdSchema, { variantId: "1", threshold: " 7 " })).toEqual({ variantId: 1, threshold: 7 });
    const negative = form(thresholdSchema, { variantId: "1", threshold: "-1" });
    expect(!negative.ok && negative.state.fieldErrors?.threshold).toEqual(["A threshold is a whole number from 0 to 10,000"]);
  });

  it("requires a note and a direction for a correction, and refuses ids beyond PostgreSQL's integer range", () => {
    const missing = form(correctionSchema, { variantId: "1", direction: "sideways", correctionUnits: "2", correctionNote: "  " });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.state.fieldErrors?.correctionNote).toEqual(["Say why the stock is corrected"]);
      expect(missing.state.fieldErrors?.direction).toEqual(["Choose whether to remove or add units"]);
    }
    expect(parsed(correctionSchema, { variantId: "1", direction: "remove", correctionUnits: "2", correctionNote: " Torn " })).toEqual({
      variantId: 1, direction: "remove", units: 2, note: "Torn",
    });
    expect(form(restockSchema, { variantId: "2147483648", units: "1" }).ok).toBe(false);
    expect(form(restockSchema, { variantId: "0", units: "1" }).ok).toBe(false);
  });
});

describe("stock forms: rules", () => {
  it("a restock adds units with a restock movement by the staff member, and is audited", async () => {
    const staff = await createStaff();
    const variant = await variantWith(0);

    const result = await restockVariant(staff, { variantId: variant.id, units: 12, note: "Delivery 881" });

    expect(result).toEqual({ ok: true, message: "Restocked 12 units: 12 on hand." });
    expect(await stockOf(variant.id)).toBe(12);
    expect((await movementsOf(variant.id)).at(-1)).toMatchObject({ reason: "restock", delta: 12, quantityAfter: 12, note: "Delivery 881", staffUserId: staff.id });
    expect(await auditOf(variant.id)).toMatchObject([
      { staffEmail: staff.email, action: "restock", before: { quantity: 0 }, after: { quantity: 12, note: "Delivery 881" } },
    ]);
  });

  it("a count sets the counted number and records the difference as a count movement, audited", async () => {
    const staff = await createStaff();
    const variant = await variantWith(9);

    const result = await countVariant(staff, { variantId: variant.id, counted: 7, note: "Monday count" });

    expect(result).toEqual({ ok: true, message: "Counted 7 (−2)." });
    expect(await stockOf(variant.id)).toBe(7);
    expect((await movementsOf(variant.id)).at(-1)).toMatchObject({ reason: "count", delta: -2, quantityAfter: 7, staffUserId: staff.id });
    expect(await auditOf(variant.id)).toMatchObject([{ action: "count", before: { quantity: 9 }, after: { quantity: 7, note: "Monday count" } }]);
  });

  it("a count below what open payment links hold is recorded, with a warning", async () => {
    const staff = await createStaff();
    const { owner, variant } = await cartWith(5, 3);
    await confirmed(owner);

    const result = await countVariant(staff, { variantId: variant.id, counted: 1, note: null });

    expect(result).toEqual({
      ok: true,
      message: "Counted 1 (−4). Warning: open payment links hold 3 units, more than the 1 counted. If they are all paid, 2 units will be refunded as sold out.",
    });
    expect(await variantStock(variant.id)).toMatchObject({ quantity: 1, held: 3, available: 0 });
  });

  it("a correction moves stock either way with its note, and never below zero", async () => {
    const staff = await createStaff();
    const variant = await variantWith(3);

    expect(await correctVariant(staff, { variantId: variant.id, direction: "remove", units: 4, note: "Damaged" })).toEqual({
      ok: false,
      message: "Only 3 units on hand: removing 4 would go below zero. Nothing changed.",
      fieldErrors: { correctionUnits: ["Only 3 units on hand: removing 4 would go below zero. Nothing changed."] },
    });
    expect(await stockOf(variant.id)).toBe(3);
    expect(await movementsOf(variant.id)).toHaveLength(1);
    expect(await auditOf(variant.id)).toEqual([]);

    expect(await correctVariant(staff, { variantId: variant.id, direction: "remove", units: 3, note: "Water damage" })).toMatchObject({ ok: true });
    expect(await correctVariant(staff, { variantId: variant.id, direction: "add", units: 1, note: "Found in the back" })).toEqual({
      ok: true,
      message: "Corrected by +1: 1 on hand.",
    });
    expect((await movementsOf(variant.id)).slice(1).map((m) => [m.reason, m.delta, m.quantityAfter, m.note])).toEqual([
      ["correction", -3, 0, "Water damage"],
      ["correction", 1, 1, "Found in the back"],
    ]);
    expect((await auditOf(variant.id)).map((a) => [a.action, a.before, a.after])).toEqual([
      ["correction", { quantity: 3 }, { quantity: 0, note: "Water damage" }],
      ["correction", { quantity: 0 }, { quantity: 1, note: "Found in the back" }],
    ]);
  });

  it("sets the variant's own threshold, or back to the shop default, audited", async () => {
    const staff = await createStaff();
    const variant = await variantWith(4);

    expect(await setVariantThreshold(staff, { variantId: variant.id, threshold: 6 })).toEqual({ ok: true, message: "Low-stock threshold set to 6." });
    expect(await variantStock(variant.id)).toMatchObject({ lowStockThreshold: 6, threshold: 6 });
    expect(await setVariantThreshold(staff, { variantId: variant.id, threshold: null })).toEqual({ ok: true, message: "Low-stock threshold set to the shop default." });
    expect(await variantStock(variant.id)).toMatchObject({ lowStockThreshold: null, threshold: 3 });

    expect((await auditOf(variant.id)).map((a) => [a.action, a.before, a.after])).toEqual([
      ["set low-stock threshold", { lowStockThreshold: null }, { lowStockThreshold: 6 }],
      ["set low-stock threshold", { lowStockThreshold: 6 }, { lowStockThreshold: null }],
    ]);
    // Nothing to change: no movement, no audit entry.
    expect(await setVariantThreshold(staff, { variantId: variant.id, threshold: null })).toMatchObject({ ok: true });
    expect(await auditOf(variant.id)).toHaveLength(2);
    expect(await movementsOf(variant.id)).toHaveLength(1);
  });

  it("refuses a variant that does not exist, changing nothing", async () => {
    const staff = await createStaff();
    const gone = { ok: false, message: "This variant no longer exists." };
    expect(await restockVariant(staff, { variantId: 2_147_483_647, units: 1, note: null })).toEqual(gone);
    expect(await countVariant(staff, { variantId: 2_147_483_647, counted: 1, note: null })).toEqual(gone);
    expect(await correctVariant(staff, { variantId: 2_147_483_647, direction: "add", units: 1, note: "x" })).toEqual(gone);
    expect(await setVariantThreshold(staff, { variantId: 2_147_483_647, threshold: 1 })).toEqual(gone);
  });

  it("loses no unit when staff restocks race with sales being finalized", async () => {
    const staff = await createStaff();
    const variant = await variantWith(6);
    const links = [];
    for (let i = 0; i < 6; i++) {
      const owner = guest();
      await addToCart(owner, variant.id, 1);
      links.push(await confirmed(owner));
    }
    const approvals = await Promise.all(links.map((l) => mercadoPago().standIn.pay(l.preferenceId, "approved", { notify: false })));

    const results = await Promise.all([
      ...approvals.map((a) => finalizePayment(String(a.id))),
      ...Array.from({ length: 4 }, () => restockVariant(staff, { variantId: variant.id, units: 3, note: null })),
    ]);
    await whenIdle();

    expect(results.slice(0, 6).map((r) => (r && typeof r === "object" && "outcome" in r ? r.outcome : r))).toEqual(Array(6).fill("approved"));
    expect(await stockOf(variant.id)).toBe(6 - 6 + 4 * 3);
    const movements = await movementsOf(variant.id);
    expect(movements.filter((m) => m.reason === "sale")).toHaveLength(6);
    expect(movements.filter((m) => m.reason === "restock")).toHaveLength(4);
    expect(movements.reduce((sum, m) => sum + m.delta, 0)).toBe(12);
    expect(await ledgerDiscrepancies()).toEqual([]);
  });
});

describe("what staff see", () => {
  it("lists variants by product, searchable by name or SKU, hiding inactive ones unless asked, a page at a time", async () => {
    const created = await createProduct([{ quantity: 0 }, { quantity: 4 }, { quantity: 2 }]);
    const [soldOut, stocked, inactive] = created.variants;
    if (!soldOut || !stocked || !inactive) throw new Error("variants missing");
    const sku = `SKU-${created.slug.slice(5)}`;
    await db.update(itemStock).set({ sku }).where(eq(itemStock.id, stocked.id));
    await db.update(itemStock).set({ isActive: false }).where(eq(itemStock.id, inactive.id));
    const filter = (query: Record<string, string>) => stockFilterSchema.parse(query);

    const byName = await listStock(filter({ q: created.name }));
    expect(byName.total).toBe(2);
    expect(byName.rows.map((r) => r.id)).toEqual([soldOut.id, stocked.id]);
    expect(byName.rows[1]).toMatchObject({ productName: created.name, sku, quantity: 4, held: 0, available: 4, lowStockThreshold: null, isActive: true });

    expect((await listStock(filter({ q: sku.toLowerCase() }))).rows.map((r) => r.id)).toEqual([stocked.id]);
    expect((await listStock(filter({ q: created.name, inactive: "1" }))).rows.map((r) => r.id)).toEqual([soldOut.id, stocked.id, inactive.id]);
    expect((await listStock(filter({ q: created.name, soldOut: "1" }))).rows.map((r) => r.id)).toEqual([soldOut.id]);
    expect(await listStock(filter({ q: "%" }))).toMatchObject({ rows: [], total: 0 });
    // Bad query strings fall back to the defaults instead of failing.
    expect(filter({ page: "-3", inactive: "yes", q: "x".repeat(500) })).toEqual({ q: "", inactive: false, soldOut: false, page: 1 });

    await db.update(product).set({ isActive: false }).where(eq(product.id, created.id));
    expect((await listStock(filter({ q: created.name }))).total).toBe(0);
  });

  it("shows a variant's holds with their orders, and its history newest first with who or which order", async () => {
    const staff = await createStaff();
    const { owner, variant } = await cartWith(5, 2);
    const link = await confirmed(owner);
    await restockVariant(staff, { variantId: variant.id, units: 3, note: "Delivery" });
    const paid = await mercadoPago().standIn.pay(link.preferenceId, "approved", { notify: false });
    await finalizePayment(String(paid.id));
    await whenIdle();

    const seen = await variantStock(variant.id);
    expect(seen).toMatchObject({ quantity: 6, held: 0, available: 6, holds: [] });

    const history = await movementHistory(variant.id, 1);
    expect(history.total).toBe(3);
    expect(history.rows.map((m) => [m.reason, m.delta, m.quantityAfter, m.staffEmail, m.orderId])).toEqual([
      ["sale", -2, 6, null, link.orderId],
      ["restock", 3, 8, staff.email, null],
      ["count", 5, 5, null, null],
    ]);
  });

  it("lists the active holds of open payment links with when they lapse", async () => {
    const { owner, variant } = await cartWith(5, 2);
    const link = await confirmed(owner);

    const seen = await variantStock(variant.id);

    expect(seen).toMatchObject({ quantity: 5, held: 2, available: 3, holds: [{ orderId: link.orderId, quantity: 2 }] });
    expect(seen?.holds[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });
});
