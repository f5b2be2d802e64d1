import type { Page } from "@playwright/test";
import { send } from "@/test/http";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./ports";

/** Checks of what crawlers fetch over HTTP: one browser project runs them, the other has nothing to add. */
function httpOnly(): void {
  test.skip(test.info().project.name !== "desktop", "HTTP-level: the desktop project covers it");
}

type Node = Record<string, unknown> & { "@type": string };
type Offer = { sku: string; price: string; priceCurrency: string; availability: string; url: string };

/** The page's JSON-LD, parsed as a search engine parses it. */
async function structuredData(page: Page): Promise<Node[]> {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  expect(blocks).toHaveLength(1);
  return (JSON.parse(blocks[0] ?? "") as { "@graph": Node[] })["@graph"];
}

const meta = (page: Page, key: string) => page.locator(`meta[property="${key}"], meta[name="${key}"]`).first().getAttribute("content");

test.describe("found and shared", () => {
  test("a product page tells search engines its offers, stock and breadcrumb", async ({ page, createProduct, setStock }) => {
    const p = await createProduct([{ size: "S", color: "Navy", quantity: 3 }, { size: "M", color: "Navy", quantity: 0 }]);
    const [small] = p.variants;
    await page.goto(`/products/${p.slug}`);
    const graph = await structuredData(page);
    const product = graph.find((n) => n["@type"] === "Product");
    expect(product).toMatchObject({ name: p.name, url: `${E2E_APP_URL}/products/${p.slug}` });
    const offers = product?.offers as Offer[];
    expect(offers.map((o) => [o.price, o.priceCurrency, o.availability])).toEqual([
      ["25000.00", "ARS", "https://schema.org/InStock"],
      ["25000.00", "ARS", "https://schema.org/OutOfStock"],
    ]);
    expect(offers[0]?.url).toBe(`${E2E_APP_URL}/products/${p.slug}?color=Navy&size=S`);
    const breadcrumb = graph.find((n) => n["@type"] === "BreadcrumbList")?.itemListElement as Array<{ name: string; item: string }>;
    expect(breadcrumb.map((c) => c.name)).toEqual(["Home", "T-shirts", p.name]);
    await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText(p.name);

    // Changed behind the app's back, so no cache is cleared: the page shows it within the cache's 5 s.
    await setStock(small?.id ?? 0, 0);
    await expect.poll(async () => {
      await page.reload();
      const after = (await structuredData(page)).find((n) => n["@type"] === "Product")?.offers as Offer[];
      return after.map((o) => o.availability);
    }, { timeout: 8_000, intervals: [1_000] }).toEqual(["https://schema.org/OutOfStock", "https://schema.org/OutOfStock"]);
  });

  test("the structured data carries the response's CSP nonce", async ({ createProduct }) => {
    httpOnly();
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 1 }]);
    const answer = await send(`${E2E_APP_URL}/products/${p.slug}`);
    const nonce = /'nonce-([^']+)'/.exec(String(answer.headers["content-security-policy"]))?.[1];
    const tag = /<script[^>]*application\/ld\+json[^>]*>/.exec(answer.body)?.[0];
    expect(tag).toContain(`nonce="${nonce}"`);
  });

  test("a shared product link previews with its photo, title, description and price; the page names its canonical URL", async ({ page, createProduct, addPhotos }) => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 2 }]);
    const [photo] = await addPhotos(p.id, "Navy", 1);
    await page.goto(`/products/${p.slug}?color=Navy&size=M`);
    // An English browser reads the English page; its twin is the unprefixed Spanish one.
    const url = `${E2E_APP_URL}/en/products/${p.slug}`;
    expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toBe(url);
    expect(await page.locator('link[rel="alternate"][hreflang="es"]').getAttribute("href")).toBe(`${E2E_APP_URL}/products/${p.slug}`);
    expect(await page.locator('link[rel="alternate"][hreflang="en"]').getAttribute("href")).toBe(url);
    expect(await meta(page, "og:title")).toBe(p.name);
    expect(await meta(page, "og:url")).toBe(url);
    expect(await meta(page, "og:description")).toContain("$\u00a025.000,00");
    expect(await meta(page, "og:image")).toBe(`${E2E_APP_URL}${photo}`);
    expect(await meta(page, "og:image:alt")).toBe("Field Tee in Navy, view 1");
    expect(await meta(page, "product:price:amount")).toBe("25000.00");
    expect(await meta(page, "product:price:currency")).toBe("ARS");
    expect(await meta(page, "twitter:card")).toBe("summary_large_image");
    expect(await meta(page, "twitter:image")).toBe(`${E2E_APP_URL}${photo}`);
    expect(await meta(page, "twitter:data1")).toBe("$\u00a025.000,00");

    const image = await page.request.get(`${E2E_APP_URL}${photo}`);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/png");
  });

  test("sitemap.xml lists the home page and the products on sale in both languages, not the others", async ({ page, createProduct, database }) => {
    httpOnly();
    const onSale = await createProduct([{ size: "M", color: "Navy", quantity: 1 }]);
    const hidden = await createProduct([{ size: "M", color: "Navy", quantity: 1 }]);
    await database.query("update product set is_active = false where id = $1", [hidden.id]);

    const response = await page.request.get("/sitemap.xml");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("xml");
    const xml = await response.text();
    await page.goto("/");
    const entries = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      if (doc.querySelector("parsererror")) throw new Error("sitemap.xml is not well-formed XML");
      return [...doc.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "url")].map((url) => ({
        loc: url.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")[0]?.textContent,
        lastmod: url.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "lastmod")[0]?.textContent,
        alternates: Object.fromEntries([...url.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "link")]
          .map((link) => [link.getAttribute("hreflang"), link.getAttribute("href")])),
      }));
    }, xml);

    const locs = entries.map((e) => e.loc);
    expect(locs).toContain(`${E2E_APP_URL}/`);
    expect(locs).toContain(`${E2E_APP_URL}/products/classic-tee`);
    expect(locs.filter((loc) => loc?.includes(hidden.slug))).toEqual([]);
    const spanish = `${E2E_APP_URL}/products/${onSale.slug}`;
    const english = `${E2E_APP_URL}/en/products/${onSale.slug}`;
    for (const loc of [spanish, english]) {
      const entry = entries.find((e) => e.loc === loc);
      expect(entry?.alternates).toEqual({ es: spanish, en: english, "x-default": spanish });
      expect(Number.isNaN(Date.parse(entry?.lastmod ?? ""))).toBe(false);
    }
  });

  test("robots.txt keeps carts, checkout, orders, the back office and the API out and points to the sitemap", async ({ request }) => {
    httpOnly();
    const response = await request.get("/robots.txt");
    expect(response.status()).toBe(200);
    const lines = (await response.text()).split("\n").map((line) => line.trim());
    expect(lines).toContain("User-Agent: *");
    for (const path of ["/cart", "/checkout", "/orders", "/admin", "/api"]) expect(lines).toContain(`Disallow: ${path}`);
    expect(lines).not.toContain("Disallow: /products");
    expect(lines).toContain(`Sitemap: ${E2E_APP_URL}/sitemap.xml`);
  });
});
