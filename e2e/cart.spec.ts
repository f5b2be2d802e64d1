import { expect, test } from "./fixtures";

test.describe("cart", () => {
  test("asking for more than is available adds what there is and says so", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "M", color: "Olive", quantity: 2 }]);
    await page.goto(`/products/${p.slug}`);
    // Bypass the input's max, as a shopper with an old page might.
    await page.getByLabel("Quantity").evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
    await page.getByLabel("Quantity").fill("5");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Only 2 available — your cart has 2." })).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("2");

    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "your cart already has 2" })).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("2");
  });

  test("the cart lowers a line whose stock fell behind the shopper's back, then empties", async ({ page, createProduct, setStock }) => {
    const p = await createProduct([
      { size: "S", color: "Navy", quantity: 5 },
      { size: "L", color: "Navy", quantity: 5 },
    ]);
    const [small, large] = p.variants;
    if (!small || !large) throw new Error("variants missing");
    for (const size of ["S", "L"]) {
      await page.goto(`/products/${p.slug}?color=Navy&size=${size}`);
      await page.getByLabel("Quantity").fill("3");
      await page.getByRole("button", { name: "Add to cart" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Added" })).toBeVisible();
    }
    await expect(page.getByTestId("cart-count")).toHaveText("6");

    await setStock(small.id, 1);
    await setStock(large.id, 0);
    await page.goto("/cart");
    const notices = page.getByTestId("stock-notices");
    await expect(notices).toContainText(`${p.name} (S, Navy): only 1 left, so we lowered your quantity from 3 to 1.`);
    await expect(notices).toContainText(`${p.name} (L, Navy) sold out and was removed from your cart (you had 3).`);
    await expect(page.getByTestId("cart-line")).toHaveCount(1);
    await expect(page.getByTestId("cart-total")).toHaveText("$ 25.000,00");
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    await page.screenshot({ path: test.info().outputPath("cart.png"), fullPage: true });

    await page.getByRole("button", { name: `Remove ${p.name}, S, Navy` }).click();
    await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Checkout" })).toHaveCount(0);
    await expect(page.getByTestId("cart-count")).toHaveText("0");
    await page.screenshot({ path: test.info().outputPath("empty-cart.png"), fullPage: true });
  });

  test("a quantity update is capped at the stock", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "M", color: "Ecru", quantity: 4 }]);
    await page.goto(`/products/${p.slug}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    await page.goto("/cart");
    const quantity = page.getByLabel(`Quantity of ${p.name}, M, Ecru`);
    await quantity.evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
    await quantity.fill("9");
    await page.getByRole("button", { name: "Update" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Only 4 available — your cart has 4." })).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("4");
  });
});
