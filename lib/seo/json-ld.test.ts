import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { itemStock, product } from "@/db/schema";
import { addPhotos, createProduct, setStock } from "@/test/factories";
import { getProduct, type ProductDetail } from "../catalog";
import { fallbackSku, productJsonLd, serializeJsonLd } from "./json-ld";

const APP = "https://percha.example";

async function detail(slug: string): Promise<ProductDetail> {
  const found = await getProduct(slug);
  if (!found) throw new Error(`${slug} is not on sale`);
  return found;
}

/** The JSON-LD as a search engine reads it: parsed from the text the page carries. */
function read(found: ProductDetail) {
  const data = JSON.parse(serializeJsonLd(productJsonLd(found, APP))) as { "@context": string; "@graph": Array<Record<string, unknown>> };
  const ofType = (type: string) => data["@graph"].find((node) => node["@type"] === type);
  return { context: data["@context"], product: ofType("Product"), breadcrumb: ofType("BreadcrumbList") };
}

type Offer = { "@type": string; sku: string; price: string; priceCurrency: string; availability: string; url: string };

describe("a product page's structured data", () => {
  it("is a schema.org Product with an Offer per variant on sale: SKU, price in pesos, stock and URL", async () => {
    const p = await createProduct([
      { size: "S", color: "Navy", quantity: 4 }, { size: "M", color: "Navy", quantity: 0 }, { size: "M", color: "Sand", quantity: 1 },
      { size: "L", color: "Sand", quantity: 9 },
    ], 1_850_050);
    const [s, , sand, hidden] = p.variants;
    await db.update(itemStock).set({ sku: "TEE-NAVY-S" }).where(eq(itemStock.id, s?.id ?? 0));
    await db.update(itemStock).set({ isActive: false }).where(eq(itemStock.id, hidden?.id ?? 0));
    const [photo] = await addPhotos(p.id, "Navy", 1);

    const { context, product: node } = read(await detail(p.slug));
    expect(context).toBe("https://schema.org");
    expect(node).toMatchObject({
      "@type": "Product", name: p.name, description: "A test product.", url: `${APP}/products/${p.slug}`,
      image: [`${APP}${photo}`], category: "T-shirts", brand: { "@type": "Brand", name: "Percha" },
    });
    const offers = node?.offers as Offer[];
    expect(offers).toHaveLength(3);
    expect(offers.map((o) => [o.sku, o.availability])).toEqual([
      ["TEE-NAVY-S", "https://schema.org/InStock"],
      [fallbackSku(p.slug, { size: "M", color: "Navy" }), "https://schema.org/OutOfStock"],
      [fallbackSku(p.slug, { size: "M", color: "Sand" }), "https://schema.org/InStock"],
    ]);
    for (const offer of offers) expect(offer).toMatchObject({ "@type": "Offer", price: "18500.50", priceCurrency: "ARS" });
    expect(offers[2]?.url).toBe(`${APP}/products/${p.slug}?color=Sand&size=M`);
    expect(offers.map((o) => o.sku)).not.toContain(fallbackSku(p.slug, { size: "L", color: "Sand" }));

    // The last unit sold: the offer says so the next time the page is read.
    await setStock(sand?.id ?? 0, 0);
    const after = read(await detail(p.slug)).product?.offers as Offer[];
    expect(after[2]?.availability).toBe("https://schema.org/OutOfStock");
  });

  it("has the breadcrumb Home › category › product", async () => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 1 }]);
    await db.update(product).set({ category: "Hoodies & Sweaters" }).where(eq(product.id, p.id));
    expect(read(await detail(p.slug)).breadcrumb).toEqual({
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "Home", item: `${APP}/` },
        { "@type": "ListItem", position: 2, name: "Hoodies & Sweaters", item: `${APP}/?category=Hoodies%20%26%20Sweaters` },
        { "@type": "ListItem", position: 3, name: p.name, item: `${APP}/products/${p.slug}` },
      ],
    });
  });

  it("shows the product's own image when it has no photos", async () => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 1 }]);
    expect(read(await detail(p.slug)).product?.image).toEqual([`${APP}/products/classic-tee.svg`]);
  });

  it("cannot close its script element, whatever staff typed into a product", async () => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 1 }]);
    const name = `Tee</script><script>alert(1)</script>`;
    await db.update(product).set({ name }).where(eq(product.id, p.id));
    const text = serializeJsonLd(productJsonLd(await detail(p.slug), APP));
    expect(text).not.toMatch(/[<>]/);
    expect(read(await detail(p.slug)).product?.name).toBe(name);
  });
});
