import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signInAsStaff } from "./staff";

// A real (tiny) PNG: an 8 × 10 green square.
const PHOTO = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAKCAIAAAAGpYjXAAAAEUlEQVR42mNQ9rPBihiGuwQAYIA2Ec1UK9sAAAAASUVORK5CYII=", "base64");
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

const status = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });

test.describe("back office: the catalog", () => {
  test("staff creates a product with units and a photo; a shopper buys into it; deactivated, it leaves the shop and the cart says so", async ({ page, browser }) => {
    test.slow(); // A long journey through two browsers.
    const tag = randomBytes(3).toString("hex");
    const name = `Forest Overshirt ${tag.toUpperCase()}`;
    const slug = `forest-overshirt-${tag}`;

    await signInAsStaff(page, "/admin/products/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Description").fill("A heavy cotton overshirt with two chest pockets.");
    await page.getByLabel("Category").fill("Jackets");
    await page.getByLabel("Price (ARS)").fill("18.500,50");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

    const variants = page.getByRole("region", { name: "Sizes and colours" });
    await variants.getByLabel("Size").fill("M");
    await variants.getByLabel("Colour").fill("Forest");
    await variants.getByLabel("Units on hand").fill("4");
    await variants.getByRole("button", { name: "Add variant" }).click();
    await expect(status(page, "Added M, Forest with 4 on hand.")).toBeVisible();
    await expect(variants.getByRole("row", { name: /\bM\b.*\bForest\b/ })).toContainText("4");
    await expect(variants.getByRole("link", { name: "Stock of M, Forest" })).toHaveAttribute("href", /\/admin\/stock\/\d+$/);

    const photos = page.getByRole("region", { name: "Photos", exact: true });
    await photos.getByLabel("Colour", { exact: true }).selectOption("Forest");
    await photos.getByLabel("Photos", { exact: true }).setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: SVG });
    await photos.getByRole("button", { name: "Upload photos" }).click();
    await expect(photos.getByLabel("Photos", { exact: true })).toHaveAccessibleDescription(/logo.svg is an SVG drawing, which is not accepted/);
    await photos.getByLabel("Photos", { exact: true }).setInputFiles({ name: "front.png", mimeType: "image/png", buffer: PHOTO });
    await photos.getByRole("button", { name: "Upload photos" }).click();
    await expect(status(page, "Added 1 photo for Forest.")).toBeVisible();
    const photo = photos.getByRole("region", { name: "Photos: Forest" }).getByRole("img", { name: `${name}, Forest` });
    await expect(photo).toHaveJSProperty("complete", true);
    expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(8);
    const served = await page.request.get((await photo.getAttribute("src")) ?? "");
    expect(served.headers()).toMatchObject({
      // Ready-sized as WebP, never wider than uploaded (the upload is 8 pixels wide).
      "content-type": "image/webp", "x-content-type-options": "nosniff", "cache-control": "public, max-age=31536000, immutable",
    });
    await expect(page.getByRole("region", { name: "History" })).toContainText("add photo");
    await page.screenshot({ path: test.info().outputPath("admin-product.png"), fullPage: true });

    // A shopper finds it in the shop and puts it in their cart.
    const shopper = await (await browser.newContext()).newPage();
    await shopper.goto("/");
    await shopper.getByRole("link", { name: new RegExp(name) }).click();
    await expect(shopper.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(shopper.getByText("$ 18.500,50")).toBeVisible();
    await shopper.getByRole("button", { name: "Add to cart" }).click();
    await expect(status(shopper, `Added ${name} (M, Forest) to your cart.`)).toBeVisible();

    // Staff stop selling it.
    await page.getByRole("checkbox", { name: "Sold in the shop" }).uncheck();
    await page.getByRole("button", { name: "Save product" }).click();
    await expect(status(page, `Saved ${name}.`)).toBeVisible();
    await expect(page.getByText("Hidden from the shop")).toBeVisible();
    await expect(page.getByRole("region", { name: "History" })).toContainText("sold in the shop: yes → no");

    await shopper.goto("/");
    await expect(shopper.getByRole("link", { name: new RegExp(name) })).toHaveCount(0);
    expect((await shopper.goto(`/products/${slug}`))?.status()).toBe(404);
    await shopper.goto("/cart");
    await expect(shopper.getByTestId("stock-notices")).toContainText(`${name} (M, Forest) sold out and was removed from your cart (you had 1).`);
    await expect(shopper.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
    await shopper.context().close();

    await page.goto(`/admin/products?q=${slug}`);
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Hidden");
    await page.screenshot({ path: test.info().outputPath("admin-products.png"), fullPage: true });
  });

  test("a refused form says what is wrong on each field and keeps what was typed", async ({ page }) => {
    const name = `Refused Tee ${randomBytes(3).toString("hex")}`;
    await signInAsStaff(page, "/admin/products/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Slug").fill("Classic Tee");
    await page.getByLabel("Description").fill("Refused twice.");
    await page.getByLabel("Category").fill("T-shirts");
    await page.getByLabel("Price (ARS)").fill("18,500");
    await page.getByRole("button", { name: "Create product" }).click();

    await expect(page.getByLabel("Slug")).toHaveAccessibleDescription(/Use lowercase letters, digits and single hyphens/);
    await expect(page.getByLabel("Price (ARS)")).toHaveAccessibleDescription(/Enter the price in pesos, like 18500, 18.500,50 or 18500.50/);
    await expect(page.getByLabel("Name")).toHaveValue(name);
    await expect(page.getByLabel("Price (ARS)")).toHaveValue("18,500");

    // A slug another product has: a field error too, with the form as typed.
    await page.getByLabel("Slug").fill("classic-tee");
    await page.getByLabel("Price (ARS)").fill("18500");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect(page.getByLabel("Slug")).toHaveAccessibleDescription(/“classic-tee” is already used by another product/);
    await expect(page.getByLabel("Description")).toHaveValue("Refused twice.");
    await expect(page.getByLabel("Price (ARS)")).toHaveValue("18.500");
    await expect(page).toHaveURL(/\/admin\/products\/new$/);
    await page.screenshot({ path: test.info().outputPath("admin-product-refused.png"), fullPage: true });

    // Ids that name nothing are a 404, never an error.
    for (const path of ["/admin/products/99999999999", "/admin/products/abc", "/images/not-an-id", "/images/00000000-0000-4000-8000-000000000000"]) {
      expect((await page.request.get(path)).status(), path).toBe(404);
    }
  });
});
