import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, itemStock, stockMovement } from "@/db/schema";
import { createProduct, staffActor } from "@/test/factories";
import { ledgerDiscrepancies } from "../stock";
import { productForStaff, productHistory } from "./products";
import { addVariant, newVariantSchema, updateVariant, variantSchema } from "./variants";

const newVariant = (productId: number, overrides: Record<string, string> = {}) =>
  newVariantSchema.parse({ productId: String(productId), size: "M", color: "Black", sku: "", quantity: "0", ...overrides });

const variantAudit = (id: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.entityType, "variant"), eq(auditLog.entityId, String(id)))).orderBy(auditLog.id);

describe("the variant forms", () => {
  it("explains each missing or malformed field", () => {
    const parsed = newVariantSchema.safeParse({ productId: "99999999999", size: "", color: " ", sku: "TEE M", quantity: "-1" });
    expect(parsed.success ? {} : parsed.error.flatten().fieldErrors).toEqual({
      productId: [expect.any(String)],
      size: ["Enter a size, like M or 42"],
      color: ["Enter a colour"],
      sku: ["Use letters, digits, dots, hyphens and underscores"],
      quantity: ["Enter the units on hand as a whole number from 0 to 99999"],
    });
  });

  it("stores a SKU in capitals, and a blank one as none", () => {
    expect(newVariant(1, { sku: " tee-m.blk_1 " }).sku).toBe("TEE-M.BLK_1");
    expect(newVariant(1).sku).toBeNull();
    expect(variantSchema.parse({ variantId: "4", size: "M", color: "Black" })).toEqual({ variantId: 4, size: "M", color: "Black", sku: null, isActive: false });
  });
});

describe("adding and editing variants", () => {
  it("adds a variant with its units through the ledger, by the staff member, and audits it", async () => {
    const staff = await staffActor();
    const p = await createProduct([]);
    const sku = `SKU-${randomBytes(4).toString("hex").toUpperCase()}`;

    const result = await addVariant(staff, newVariant(p.id, { size: "L", color: "Sand", sku, quantity: "7" }));
    if (!result.ok) throw new Error(result.message);

    const [row] = await db.select().from(itemStock).where(eq(itemStock.id, result.id));
    expect(row).toMatchObject({ productId: p.id, size: "L", color: "Sand", sku, quantity: 7, isActive: true });
    const movements = await db.select().from(stockMovement).where(eq(stockMovement.itemStockId, result.id));
    expect(movements).toEqual([expect.objectContaining({ delta: 7, quantityAfter: 7, reason: "count", staffUserId: staff.id })]);
    expect(await variantAudit(result.id)).toEqual([expect.objectContaining({
      staffUserId: staff.id, action: "add variant", after: { productId: p.id, size: "L", color: "Sand", sku, isActive: true, quantity: 7 },
    })]);
    expect(await ledgerDiscrepancies()).toEqual([]);
  });

  it("a size and colour the product already has is a field error, also when two saves race", async () => {
    const staff = await staffActor();
    const p = await createProduct([{ size: "M", color: "Black", quantity: 1 }]);
    const message = "This product already has size M in Black.";

    expect(await addVariant(staff, newVariant(p.id, { quantity: "3" }))).toEqual({ ok: false, message, fieldErrors: { size: [message], color: [message] } });

    const raced = await Promise.all([addVariant(staff, newVariant(p.id, { size: "L" })), addVariant(staff, newVariant(p.id, { size: "L" }))]);
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    expect(raced.find((r) => !r.ok)).toMatchObject({ message: "This product already has size L in Black." });

    const [m] = p.variants;
    const l = raced.find((r) => r.ok);
    if (!m || !l?.ok) throw new Error("variants missing");
    expect(await updateVariant(staff, { variantId: l.id, size: "M", color: "Black", sku: null, isActive: true })).toEqual({
      ok: false, message, fieldErrors: { size: [message], color: [message] },
    });
    expect((await db.select().from(itemStock).where(eq(itemStock.productId, p.id))).map((v) => v.size).sort()).toEqual(["L", "M"]);
  });

  it("a SKU another variant uses is a field error", async () => {
    const staff = await staffActor();
    const p = await createProduct([]);
    const sku = `DUP-${randomBytes(4).toString("hex").toUpperCase()}`;
    const first = await addVariant(staff, newVariant(p.id, { sku }));
    expect(first.ok).toBe(true);

    const message = `The SKU ${sku} is already used by another variant.`;
    expect(await addVariant(staff, newVariant(p.id, { size: "L", sku: sku.toLowerCase() }))).toEqual({ ok: false, message, fieldErrors: { sku: [message] } });
    // Blank SKUs are no SKU: any number of variants may have none.
    expect(await addVariant(staff, newVariant(p.id, { size: "L" }))).toMatchObject({ ok: true });
    expect(await addVariant(staff, newVariant(p.id, { size: "XL" }))).toMatchObject({ ok: true });
  });

  it("an edit changes size, colour, SKU and whether it is sold, never its units, and is audited", async () => {
    const staff = await staffActor();
    const p = await createProduct([{ size: "M", color: "Black", quantity: 4 }]);
    const [m] = p.variants;
    if (!m) throw new Error("variant missing");

    expect(await updateVariant(staff, { variantId: m.id, size: "M", color: "Charcoal", sku: "CH-M", isActive: false })).toMatchObject({ ok: true });
    expect(await updateVariant(staff, { variantId: m.id, size: "M", color: "Charcoal", sku: "CH-M", isActive: false })).toMatchObject({
      message: "Nothing to save: no field changed.",
    });

    const [row] = await db.select().from(itemStock).where(eq(itemStock.id, m.id));
    expect(row).toMatchObject({ color: "Charcoal", sku: "CH-M", isActive: false, quantity: 4 });
    expect(await variantAudit(m.id)).toEqual([expect.objectContaining({
      action: "edit variant",
      before: { productId: p.id, size: "M", color: "Black", sku: null, isActive: true },
      after: { productId: p.id, size: "M", color: "Charcoal", sku: "CH-M", isActive: false },
    })]);

    const found = await productForStaff(p.id);
    if (!found) throw new Error("product missing");
    expect((await productHistory(found)).map((h) => [h.subject, h.action])).toEqual([["Variant M, Charcoal", "edit variant"]]);
  });

  it("adding to or editing what is gone says so", async () => {
    const staff = await staffActor();
    expect(await addVariant(staff, newVariant(2_147_483_000))).toEqual({ ok: false, message: "That product no longer exists." });
    expect(await updateVariant(staff, { variantId: 2_147_483_000, size: "M", color: "Black", sku: null, isActive: true })).toEqual({
      ok: false, message: "That variant no longer exists.",
    });
  });
});
