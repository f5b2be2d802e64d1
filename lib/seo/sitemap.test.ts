import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { itemStock, product } from "@/db/schema";
import { addPhotos, createProduct } from "@/test/factories";
import { recordAudit } from "../audit";
import { now, setClockOffset } from "../clock";
import { sitemapEntries } from "./sitemap";

const APP = "https://percha.example";
const LONG_AGO = new Date("2024-03-01T12:00:00Z");

afterEach(() => setClockOffset(0));

describe("the sitemap", () => {
  it("lists the home page and every product on sale in Spanish and English, each naming its twins", async () => {
    const onSale = await createProduct([{ size: "M", color: "Navy", quantity: 0 }]);
    const inactive = await createProduct([{ size: "M", color: "Navy", quantity: 5 }]);
    const noVariantOnSale = await createProduct([{ size: "M", color: "Navy", quantity: 5 }]);
    await db.update(product).set({ isActive: false }).where(eq(product.id, inactive.id));
    await db.update(itemStock).set({ isActive: false }).where(eq(itemStock.productId, noVariantOnSale.id));

    const entries = await sitemapEntries(APP);
    const urls = entries.map((e) => e.url);
    expect(urls).toContain(`${APP}/`);
    expect(urls).toContain(`${APP}/en`);
    expect(urls).toContain(`${APP}/products/${onSale.slug}`);
    expect(urls).toContain(`${APP}/en/products/${onSale.slug}`);
    for (const hidden of [inactive, noVariantOnSale]) expect(urls.filter((u) => u.includes(hidden.slug))).toEqual([]);

    const languages = { es: `${APP}/products/${onSale.slug}`, en: `${APP}/en/products/${onSale.slug}`, "x-default": `${APP}/products/${onSale.slug}` };
    for (const url of [languages.es, languages.en]) {
      expect(entries.find((e) => e.url === url)?.alternates).toEqual({ languages });
    }
  });

  it("dates each product by its last change, photos included, and lists its photos", async () => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 1 }]);
    await db.update(product).set({ createdAt: LONG_AGO }).where(eq(product.id, p.id));
    const entryOf = async () => (await sitemapEntries(APP)).find((e) => e.url === `${APP}/products/${p.slug}`);
    expect(await entryOf()).toMatchObject({ lastModified: LONG_AGO });
    expect((await entryOf())?.images).toBeUndefined();

    const [photo] = await addPhotos(p.id, "Navy", 1);
    const entry = await entryOf();
    expect((entry?.lastModified as Date).getTime()).toBeGreaterThan(LONG_AGO.getTime());
    expect(entry?.images).toEqual([`${APP}${photo}`]);
  });

  it("dates a product by the latest staff change to it or its variants", async () => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 1 }]);
    await db.update(product).set({ createdAt: LONG_AGO }).where(eq(product.id, p.id));
    const lastModifiedOf = async () => (await sitemapEntries(APP)).find((e) => e.url === `${APP}/products/${p.slug}`)?.lastModified;
    const staff = { id: null, email: "staff@percha.test" };

    setClockOffset(-86_400_000);
    await recordAudit(db, staff, { entityType: "product", entityId: p.id, action: "edit product" });
    const edited = now();
    setClockOffset(0);
    expect(Math.abs((await lastModifiedOf() as Date).getTime() - edited.getTime())).toBeLessThan(5_000);

    await recordAudit(db, staff, { entityType: "variant", entityId: p.variants[0]?.id ?? 0, action: "edit variant" });
    expect((await lastModifiedOf() as Date).getTime()).toBeGreaterThan(edited.getTime() + 80_000_000);
  });
});
