import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { product } from "@/db/schema";
import { whenIdle } from "@/lib/jobs/kick";
import { createProduct, setStock, type TestVariant } from "@/test/factories";
import { createStaff } from "@/test/staff";
import { restockVariant } from "./admin/stock";
import { updateVariant } from "./admin/variants";
import { cachedProduct, cachedProducts, cachedSearch } from "./catalog-cache";
import { finalizePayment } from "./payments/finalize";
import { cartWith, confirmed, startMercadoPagoForTests } from "./payments/test-support";
import { parseSearchParams } from "./search-params";

const mercadoPago = startMercadoPagoForTests();

function onlyVariant(p: { variants: TestVariant[] }): TestVariant {
  const [variant] = p.variants;
  if (!variant) throw new Error("no variant");
  return variant;
}

const availableOf = async (slug: string) => (await cachedProduct(slug))?.variants.map((v) => v.available);

describe("cached catalog reads", () => {
  it("keep serving what they read while nothing of the app changed it", async () => {
    const p = await createProduct([{ quantity: 4 }]);
    expect(await availableOf(p.slug)).toEqual([4]);
    // Written behind the app's back: no invalidation, so the cached read stands (for at most DATA_TTL_MS).
    await setStock(onlyVariant(p).id, 1);
    expect(await availableOf(p.slug)).toEqual([4]);
  });

  it("show a confirm's holds and a finalize's sale at once", async () => {
    const { owner, product: p } = await cartWith(5, 2);
    expect(await availableOf(p.slug)).toEqual([5]);
    const confirmedOrder = await confirmed(owner);
    expect(await availableOf(p.slug)).toEqual([3]);
    expect((await cachedProducts()).find((s) => s.slug === p.slug)?.isSoldOut).toBe(false);

    // The rest is bought behind the app's back; then the order is paid through it.
    await setStock(onlyVariant(p).id, 2);
    const paid = await mercadoPago().standIn.pay(confirmedOrder.preferenceId, "approved", { notify: false });
    expect((await finalizePayment(String(paid.id))).outcome).toBe("approved");
    expect(await availableOf(p.slug)).toEqual([0]);
    expect((await cachedProducts()).find((s) => s.slug === p.slug)?.isSoldOut).toBe(true);
    await whenIdle();
  });

  it("show a rejected payment's released holds at once", async () => {
    const { owner, product: p } = await cartWith(5, 2);
    const { preferenceId } = await confirmed(owner);
    expect(await availableOf(p.slug)).toEqual([3]);
    const rejected = await mercadoPago().standIn.pay(preferenceId, "rejected", { notify: false });
    expect((await finalizePayment(String(rejected.id))).outcome).toBe("rejected");
    expect(await availableOf(p.slug)).toEqual([5]);
  });

  it("show staff's stock and catalog changes at once", async () => {
    const staff = await createStaff();
    const p = await createProduct([{ size: "M", color: "Teal", quantity: 2 }]);
    const variant = onlyVariant(p);
    const search = () => cachedSearch(parseSearchParams({ q: p.name }));
    expect(await availableOf(p.slug)).toEqual([2]);
    // Other files' test products have close names: search tolerates typos, so only this one's presence is checked.
    expect((await search()).products.map((s) => s.slug)).toContain(p.slug);

    expect(await restockVariant(staff, { variantId: variant.id, units: 3, note: "" })).toMatchObject({ ok: true });
    expect(await availableOf(p.slug)).toEqual([5]);

    // Renamed behind the app's back, then its only variant taken off sale through the back office.
    await db.update(product).set({ name: `${p.name} Renamed` }).where(eq(product.id, p.id));
    expect((await updateVariant(staff, { variantId: variant.id, size: "M", color: "Teal", sku: null, isActive: false })).ok).toBe(true);
    expect(await cachedProduct(p.slug)).toBeNull();
    expect((await search()).products.map((s) => s.slug)).not.toContain(p.slug);
  });
});
