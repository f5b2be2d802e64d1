import { describe, expect, it } from "vitest";
import { absoluteUrl, languageUrls, localizedPath, pageAlternates } from "./urls";

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
