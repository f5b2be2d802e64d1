import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Searches from the header: inline on a desktop, first in the Menu on a phone. */
async function searchFromHeader(page: Page, isMobile: boolean, words: string, names = { box: "Search products", menu: "Menu" }) {
  if (isMobile) await page.locator("summary", { hasText: names.menu }).click();
  const box = page.getByRole("searchbox", { name: names.box });
  await box.fill(words);
  await box.press("Enter");
}

/** On a phone the filters fold under a "Filters" disclosure until one is in use: opens it there. */
async function showFilters(page: Page, isMobile: boolean, summary = "Filters") {
  if (!isMobile) return;
  const details = page.locator("details.search-more");
  if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await details.locator("summary", { hasText: summary }).click();
}

/** The search in the page's URL, without the fields a GET form sends empty. */
function queryOf(page: Page): Record<string, string> {
  const url = new URL(page.url());
  return Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ""));
}

const results = (page: Page) => page.locator(".search-results .grid .card");

/** `count` products of this test's own whose names share a made-up word, priced 10,000 pesos apart. */
async function productsNamed(
  createProduct: (variants: Array<{ size: string; color: string; quantity: number }>, priceMinor?: number) => Promise<{ id: number }>,
  database: { query: (sql: string, values: unknown[]) => Promise<unknown> },
  count: number,
) {
  // Random letters throughout: words sharing a stem would match each other's products as typos.
  const word = [...randomBytes(10)].map((b) => String.fromCharCode(97 + (b % 26))).join("").replace(/^./, (c) => c.toUpperCase());
  for (let i = 1; i <= count; i++) {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 3 }], i * 1_000_000);
    await database.query("update product set name = $1 where id = $2", [`${word} Tee ${String(i).padStart(2, "0")}`, p.id]);
  }
  return word.toLowerCase();
}

test.describe("search (English)", () => {
  test("the header's search box sits inline on a desktop and in the menu of a 375 px phone", async ({ page, isMobile }) => {
    if (isMobile) await page.setViewportSize({ width: 375, height: 740 });
    await page.goto("/en");
    const box = page.getByRole("searchbox", { name: "Search products" });
    if (isMobile) {
      await expect(box).toBeHidden();
      await page.locator("summary", { hasText: "Menu" }).click();
    }
    await expect(box).toBeVisible();
    const width = isMobile ? 375 : (page.viewportSize()?.width ?? 0);
    const edge = await box.evaluate((el) => el.closest("form")?.getBoundingClientRect().right ?? Infinity);
    expect(edge).toBeLessThanOrEqual(width);
    await page.screenshot({ path: test.info().outputPath("header-search.png") });
    // The box adds no width to the page: the header is as wide with it as without it.
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    const withBox = await pageWidth();
    await page.evaluate(() => document.querySelectorAll(".search-box").forEach((form) => form.remove()));
    expect(withBox).toBe(await pageWidth());
  });

  test("the header's search forgives a typo; filters and sort narrow and order the results, and a chip removes a filter", async ({ page, isMobile }) => {
    await page.goto("/en");
    await searchFromHeader(page, isMobile, "hoodei");
    await expect(page).toHaveURL(/\/en\/search\?q=hoodei$/);
    await expect(page.getByRole("heading", { level: 1, name: "Results for “hoodei”" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Essential Fleece Hoodie/ })).toBeVisible();
    await expect(page.getByTestId("result-count")).toHaveText(/^\d+ products?$/);

    const filters = page.getByRole("form", { name: "Search and filters" });
    await showFilters(page, isMobile);
    await filters.getByLabel("Search for").fill("linen");
    await filters.getByLabel("Category").selectOption("Trousers");
    await filters.getByLabel("In stock only").check();
    await filters.getByLabel("Sort by").selectOption({ label: "Price: high to low" });
    await filters.getByRole("button", { name: "Show results" }).click();
    await expect(page).toHaveURL(/\/en\/search\?.*sort=price-desc/);
    expect(queryOf(page)).toEqual({ q: "linen", category: "Trousers", inStock: "1", sort: "price-desc" });
    await expect(page.getByRole("link", { name: /Linen Drawstring Trousers/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /Linen Blend Tee/ })).toHaveCount(0);
    await expect(page.getByTestId("result-count")).toHaveText("1 product");
    await page.screenshot({ path: test.info().outputPath("search-filtered.png"), fullPage: true });

    await page.getByRole("link", { name: "Remove filter: Trousers" }).click();
    // The chip's link names only what stays.
    await expect(page).toHaveURL(/\/en\/search\?q=linen&inStock=1&sort=price-desc$/);
    const names = await results(page).locator(".card__name").allTextContents();
    expect(names).toEqual(expect.arrayContaining(["Linen Overshirt", "Linen Drawstring Trousers", "Linen Blend Tee"]));
    // Dearest first: the overshirt ($ 56.900) before the trousers ($ 42.900) before the tee ($ 21.500).
    expect(names.indexOf("Linen Overshirt")).toBeLessThan(names.indexOf("Linen Drawstring Trousers"));
    expect(names.indexOf("Linen Drawstring Trousers")).toBeLessThan(names.indexOf("Linen Blend Tee"));
    await expect(page.getByLabel("Sort by")).toHaveValue("price-desc");
  });

  test("a price range in pesos, and pages that keep the search", async ({ page, isMobile, createProduct, database }) => {
    const word = await productsNamed(createProduct, database, 27);
    await page.goto(`/en/search?q=${word}&sort=price-asc`);
    await expect(page.getByTestId("result-count")).toHaveText("27 products");
    await expect(results(page)).toHaveCount(24);
    const pages = page.getByRole("navigation", { name: "Pages" });
    await expect(pages).toContainText("Page 1 of 2");
    await pages.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(new RegExp(`q=${word}&sort=price-asc&page=2$`));
    await expect(results(page)).toHaveCount(3);
    await expect(results(page).first()).toContainText("Tee 25");
    await expect(page.getByRole("link", { name: "Page 2" })).toHaveAttribute("aria-current", "page");

    const filters = page.getByRole("form", { name: "Search and filters" });
    await showFilters(page, isMobile);
    await filters.getByLabel("Minimum price in pesos").fill("30000");
    await filters.getByLabel("Maximum price in pesos").fill("50000");
    await filters.getByRole("button", { name: "Show results" }).click();
    await expect(page).toHaveURL(/minPrice=30000&maxPrice=50000/);
    expect(queryOf(page)).toEqual({ q: word, minPrice: "30000", maxPrice: "50000", sort: "price-asc" });
    await expect(page.getByTestId("result-count")).toHaveText("3 products");
    await expect(page.getByRole("navigation", { name: "Pages" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /Remove filter: \$ 30\.000,00 – \$ 50\.000,00/ })).toBeVisible();
  });

  test("an empty result suggests the words without filters, close names and the categories; bad values never fail", async ({ page }) => {
    await page.goto("/en/search?q=hoodie&minPrice=900000");
    await expect(page.getByRole("heading", { name: "Nothing matches that search" })).toBeVisible();
    await expect(page.getByTestId("result-count")).toHaveText("No products");
    await page.getByRole("link", { name: "all results for “hoodie”" }).click();
    await expect(page.getByRole("link", { name: /Essential Fleece Hoodie/ })).toBeVisible();

    await page.goto("/en/search?q=pufer%20jakcet%20xq");
    await expect(page.getByRole("heading", { name: "Nothing matches that search" })).toBeVisible();
    await expect(page.getByText("Did you mean")).toContainText("Quilted Puffer Jacket");
    await page.getByRole("navigation", { name: "Or browse a category" }).getByRole("link", { name: "Jackets" }).click();
    await expect(page).toHaveURL(/\/en\/search\?category=Jackets$/);
    await expect(page.getByRole("link", { name: /Denim Trucker Jacket/ })).toBeVisible();

    const response = await page.goto("/en/search?page=abc&minPrice=-3&sort=cheapest&category=Nope&inStock=maybe&q=");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("status")).toHaveText("We have no category “Nope”; it was left out of the search.");
    await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
    await expect(page.getByLabel("Sort by")).toHaveValue("newest");
  });
});

test.describe("búsqueda (español)", () => {
  test.use({ locale: "es-AR" });

  test("busca desde el encabezado, filtra por talle, ordena por precio y pagina", async ({ page, isMobile, createProduct, database }) => {
    await page.goto("/");
    await searchFromHeader(page, isMobile, "pantalon", { box: "Buscar productos", menu: "Menú" });
    await expect(page).toHaveURL(/\/search\?q=pantalon$/);
    await expect(page.getByRole("heading", { level: 1, name: "Resultados para “pantalon”" })).toBeVisible();
    await expect(page.getByTestId("result-count")).toHaveText(/^(Ningún producto|\d+ productos?)$/);

    await page.goto("/search?q=jeans");
    await expect(page.getByRole("link", { name: /Slim Selvedge Jeans/ })).toBeVisible();
    const filters = page.getByRole("form", { name: "Búsqueda y filtros" });
    await showFilters(page, isMobile, "Filtros");
    await filters.getByLabel("Buscá").fill("linen");
    await filters.getByLabel("Talle").selectOption("M");
    await filters.getByLabel("Ordenar por").selectOption({ label: "Precio: menor a mayor" });
    await filters.getByRole("button", { name: "Ver resultados" }).click();
    await expect(page).toHaveURL(/^[^?]*\/search\?.*sort=price-asc/);
    await expect(page).not.toHaveURL(/\/en\//);
    expect(queryOf(page)).toEqual({ q: "linen", size: "M", sort: "price-asc" });
    const names = await results(page).locator(".card__name").allTextContents();
    expect(names[0]).toBe("Linen Blend Tee");
    await expect(page.getByRole("link", { name: "Quitar filtro: M" })).toBeVisible();

    const word = await productsNamed(createProduct, database, 25);
    await page.goto(`/search?q=${word}&sort=price-desc`);
    await expect(page.getByTestId("result-count")).toHaveText("25 productos");
    await page.getByRole("navigation", { name: "Páginas" }).getByRole("link", { name: "Siguiente" }).click();
    await expect(page).toHaveURL(new RegExp(`/search\\?q=${word}&sort=price-desc&page=2$`));
    await expect(results(page)).toHaveCount(1);
    await expect(results(page).first()).toContainText("Tee 01");
    await page.screenshot({ path: test.info().outputPath("busqueda.png"), fullPage: true });

    await page.goto("/search?q=zzqxv");
    await expect(page.getByRole("heading", { name: "No encontramos nada con esa búsqueda" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "O recorré una categoría" }).getByRole("link", { name: "Trousers" })).toBeVisible();
  });
});

test.describe("search without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the header box, the filters and the pages all work as plain links and forms", async ({ page, isMobile, createProduct, database }) => {
    const word = await productsNamed(createProduct, database, 26);
    await page.goto("/en");
    await searchFromHeader(page, isMobile, word);
    await expect(page).toHaveURL(new RegExp(`/en/search\\?q=${word}$`));
    await expect(page.getByTestId("result-count")).toHaveText("26 products");

    const filters = page.getByRole("form", { name: "Search and filters" });
    await showFilters(page, isMobile);
    await filters.getByLabel("Maximum price in pesos").fill("250000");
    await filters.getByLabel("Sort by").selectOption("price-desc");
    await filters.getByRole("button", { name: "Show results" }).click();
    await expect(page.getByTestId("result-count")).toHaveText("25 products");
    await expect(results(page).first()).toContainText("Tee 25");
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next" }).click();
    // The page link keeps the search, without the form's empty fields.
    await expect(page).toHaveURL(new RegExp(`/en/search\\?q=${word}&maxPrice=250000&sort=price-desc&page=2$`));
    await expect(results(page)).toHaveCount(1);
    await expect(results(page).first()).toContainText("Tee 01");
  });
});
