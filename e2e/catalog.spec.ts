import { expect, test } from "./fixtures";

test.describe("catalog", () => {
  test("shows the demo catalog with prices in pesos and filters by category", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const products = page.getByRole("region", { name: "Products" }).getByRole("link");
    expect(await products.count()).toBeGreaterThanOrEqual(12);
    await expect(page.getByRole("link", { name: /Classic Cotton Tee/ })).toContainText("$ 18.500,00");
    const images = page.locator(".card__image img");
    await expect(images.first()).toHaveJSProperty("complete", true);
    expect(await images.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Trousers" }).click();
    await expect(page).toHaveURL(/category=Trousers/);
    await expect(page.getByRole("heading", { level: 1, name: "Trousers" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Classic Cotton Tee/ })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("catalog.png"), fullPage: true });
  });

  test("a product page shows each variant's availability and refuses sold-out sizes", async ({ page, createProduct }) => {
    const p = await createProduct([
      { size: "S", color: "Black", quantity: 0 },
      { size: "M", color: "Black", quantity: 2 },
      { size: "L", color: "Black", quantity: 12 },
    ]);
    await page.goto(`/products/${p.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: p.name })).toBeVisible();
    await expect(page.getByText("$ 25.000,00")).toBeVisible();
    const sizes = page.getByRole("list", { name: "Size" });
    await expect(sizes.getByText("Sold out")).toBeVisible();
    await expect(sizes.locator("[aria-disabled=true]")).toContainText("S");
    await expect(sizes.getByRole("link", { name: /M\s*Only 2 left/ })).toBeVisible();

    await sizes.getByRole("link", { name: /M\s*Only 2 left/ }).click();
    await expect(page.getByTestId("stock-note")).toHaveText("M, Black: Only 2 left");
    await expect(page.getByLabel("Quantity")).toHaveAttribute("max", "2");
    await expect(page.getByRole("button", { name: "Add to cart" })).toBeEnabled();
    await page.screenshot({ path: test.info().outputPath("product.png"), fullPage: true });
  });

  test("an unknown product is a 404 page", async ({ page }) => {
    const response = await page.goto("/products/no-such-thing");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});
