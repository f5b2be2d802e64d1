import { describe, expect, it } from "vitest";
import { absoluteUrl, inLocale, languageUrls, localizedPath, pageAlternates } from "./urls";

const APP = "https://percha.example";

describe("a page's URL in each language", () => {
  it("keeps Spanish unprefixed and puts English under /en, query and all", () => {
    expect(localizedPath("/products/classic-tee", "es")).toBe("/products/classic-tee");
    expect(localizedPath("/products/classic-tee", "en")).toBe("/en/products/classic-tee");
    expect(localizedPath("/", "en")).toBe("/en");
    expect(localizedPath("/?category=T-shirts", "en")).toBe("/en?category=T-shirts");
    expect(localizedPath("/products/tee?color=Navy", "en")).toBe("/en/products/tee?color=Navy");
  });

  it("names every twin for hreflang, Spanish being the default", () => {
    expect(languageUrls("/products/tee", APP)).toEqual({
      es: `${APP}/products/tee`, en: `${APP}/en/products/tee`, "x-default": `${APP}/products/tee`,
    });
  });

  it("gives each language's page its own canonical URL", () => {
    expect(pageAlternates("/products/tee", "es", APP).canonical).toBe(`${APP}/products/tee`);
    expect(pageAlternates("/products/tee", "en", APP).canonical).toBe(`${APP}/en/products/tee`);
  });

  it("refuses anything but a path on the shop", () => {
    expect(absoluteUrl("/images/x?v=1", APP)).toBe(`${APP}/images/x?v=1`);
    expect(() => absoluteUrl("https://elsewhere.example/x", APP)).toThrow();
    expect(() => localizedPath("products", "en")).toThrow();
  });
});

describe("inLocale", () => {
  it("puts a storefront path in the shopper's language, once", () => {
    expect(inLocale("/", "en")).toBe("/en");
    expect(inLocale("/orders?notice=x", "en")).toBe("/en/orders?notice=x");
    expect(inLocale("/en/orders", "en")).toBe("/en/orders");
    expect(inLocale("/en/orders", "es")).toBe("/en/orders");
    expect(inLocale("/orders", "es")).toBe("/orders");
    expect(inLocale("/english-tee", "en")).toBe("/en/english-tee");
  });

  it("leaves the back office, the API, captured emails and photos alone", () => {
    for (const path of ["/admin", "/admin/products/new", "/api/health", "/dev/emails", "/images/1"]) expect(inLocale(path, "en")).toBe(path);
  });
});
