import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, product } from "@/db/schema";
import { createProduct as createTestProduct, staffActor } from "@/test/factories";
import { createProduct, listProductsForStaff, PLACEHOLDER_IMAGE, productHistory, productSchema, PRODUCTS_PER_PAGE, updateProduct } from "./products";

const uniqueSlug = () => `linen-shirt-${randomBytes(4).toString("hex")}`;

function form(overrides: Record<string, string | undefined> = {}) {
  return { name: "Linen Shirt", slug: uniqueSlug(), description: "A breezy linen shirt.", category: "Shirts", price: "18.500,50", isActive: "on", ...overrides };
}

const parse = (overrides: Record<string, string | undefined> = {}) => productSchema.parse(form(overrides));

const auditOf = (id: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, String(id)))).orderBy(auditLog.id);

describe("the product form", () => {
  it("explains each missing or malformed field", () => {
    const parsed = productSchema.safeParse({ name: " ", slug: "Linen Shirt", description: "", category: "", price: "18,500", isActive: "yes" });
    expect(parsed.success ? {} : parsed.error.flatten().fieldErrors).toEqual({
      name: ["Enter the product's name"],
      slug: ["Use lowercase letters, digits and single hyphens, like linen-shirt"],
      description: ["Describe the product"],
      category: ["Choose or type a category"],
      price: ["Enter the price in pesos, like 18500, 18.500,50 or 18500.50"],
      isActive: [expect.any(String)],
    });
    expect(productSchema.safeParse({}).success).toBe(false);
  });

  it("tidies what staff typed: spaces, the price in centavos, an unticked box", () => {
    expect(parse({ name: "  Linen   Shirt ", category: " Shirts  and tops ", price: "$ 18500", isActive: undefined })).toMatchObject({
      name: "Linen Shirt", category: "Shirts and tops", price: 1_850_000, isActive: false,
    });
  });

  it.each(["-linen", "linen-", "linen--shirt", "línea", "linen_shirt", "a".repeat(81)])("refuses the slug %j", (slug) => {
    expect(productSchema.safeParse(form({ slug })).success).toBe(false);
  });
});

describe("creating and editing products", () => {
  it("creates a product with a placeholder photo and audits it", async () => {
    const staff = await staffActor();
    const input = parse();
    const result = await createProduct(staff, input);
    if (!result.ok) throw new Error(result.message);

    const [row] = await db.select().from(product).where(eq(product.id, result.id));
    expect(row).toMatchObject({ name: "Linen Shirt", slug: input.slug, priceMinor: 1_850_050, isActive: true, image: PLACEHOLDER_IMAGE });
    expect(await auditOf(result.id)).toEqual([expect.objectContaining({
      staffUserId: staff.id, staffEmail: staff.email, action: "create product", before: null,
      after: { name: "Linen Shirt", slug: input.slug, description: "A breezy linen shirt.", category: "Shirts", priceMinor: 1_850_050, isActive: true },
    })]);
  });

  it("a slug already taken is a field error, and changes nothing", async () => {
    const staff = await staffActor();
    const first = parse();
    const created = await createProduct(staff, first);
    const other = await createProduct(staff, parse());
    if (!created.ok || !other.ok) throw new Error("not created");

    const message = `The slug “${first.slug}” is already used by another product.`;
    expect(await createProduct(staff, parse({ slug: first.slug, name: "Copy" }))).toEqual({ ok: false, message, fieldErrors: { slug: [message] } });
    expect(await updateProduct(staff, other.id, parse({ slug: first.slug }))).toEqual({ ok: false, message, fieldErrors: { slug: [message] } });

    expect(await db.select().from(product).where(eq(product.slug, first.slug))).toHaveLength(1);
    expect(await auditOf(other.id)).toHaveLength(1);
  });

  it("two saves racing for one slug make one product and one field error", async () => {
    const staff = await staffActor();
    const slug = uniqueSlug();
    const results = await Promise.all([createProduct(staff, parse({ slug, name: "First" })), createProduct(staff, parse({ slug, name: "Second" }))]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ fieldErrors: { slug: [expect.stringContaining(slug)] } })]);
    expect(await db.select().from(product).where(eq(product.slug, slug))).toHaveLength(1);

    // The same when an edit races a creation for the slug.
    const existing = await createProduct(staff, parse());
    if (!existing.ok) throw new Error(existing.message);
    const next = uniqueSlug();
    const raced = await Promise.all([createProduct(staff, parse({ slug: next })), updateProduct(staff, existing.id, parse({ slug: next }))]);
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.select().from(product).where(eq(product.slug, next))).toHaveLength(1);
  });

  it("an edit records what changed, before and after; saving no change records nothing", async () => {
    const staff = await staffActor();
    const input = parse();
    const created = await createProduct(staff, input);
    if (!created.ok) throw new Error(created.message);

    expect(await updateProduct(staff, created.id, { ...input, name: "Linen Overshirt", price: 2_000_000, isActive: false })).toMatchObject({ ok: true });
    expect(await updateProduct(staff, created.id, { ...input, name: "Linen Overshirt", price: 2_000_000, isActive: false })).toEqual({
      ok: true, id: created.id, message: "Nothing to save: no field changed.",
    });

    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(["create product", "edit product"]);
    expect(audit[1]).toMatchObject({
      before: expect.objectContaining({ name: "Linen Shirt", priceMinor: 1_850_050, isActive: true }),
      after: expect.objectContaining({ name: "Linen Overshirt", priceMinor: 2_000_000, isActive: false }),
    });
    const history = await productHistory({ id: created.id, variants: [] });
    expect(history.map((h) => [h.subject, h.action, h.staffEmail])).toEqual([["Product", "edit product", staff.email], ["Product", "create product", staff.email]]);
  });

  it("editing a product that is gone says so", async () => {
    expect(await updateProduct(await staffActor(), 2_147_483_000, parse())).toEqual({ ok: false, message: "That product no longer exists." });
  });
});

describe("the product list", () => {
  it("finds products by part of the name or slug, in pages, with their variant count", async () => {
    const staff = await staffActor();
    const tag = randomBytes(4).toString("hex");
    for (let i = 0; i < PRODUCTS_PER_PAGE + 2; i++) {
      await createProduct(staff, parse({ name: `Pager ${tag} ${String(i).padStart(2, "0")}`, slug: `pager-${tag}-${i}` }));
    }
    const first = await listProductsForStaff(tag, 1);
    const second = await listProductsForStaff(tag, 2);
    expect(first.products).toHaveLength(PRODUCTS_PER_PAGE);
    expect(first.hasNext).toBe(true);
    expect(second.products.map((p) => p.name)).toEqual([`Pager ${tag} 25`, `Pager ${tag} 26`]);
    expect(second.hasNext).toBe(false);
    expect(first.products[0]).toMatchObject({ name: `Pager ${tag} 00`, variantCount: 0, isActive: true, priceMinor: 1_850_050 });
    const withVariants = await createTestProduct([{ size: "S", color: "Red", quantity: 1 }, { size: "M", color: "Red", quantity: 0 }]);
    expect((await listProductsForStaff(withVariants.slug, 1)).products).toEqual([expect.objectContaining({ id: withVariants.id, variantCount: 2 })]);

    expect((await listProductsForStaff(`pager-${tag}-7`, 1)).products.map((p) => p.name)).toEqual([`Pager ${tag} 07`]);
    expect((await listProductsForStaff(`PAGER ${tag} 1`, 1)).products).toHaveLength(10);
    // LIKE's wildcards are searched for as typed, not as wildcards.
    expect((await listProductsForStaff("%_%", 1)).products).toEqual([]);
  });
});
