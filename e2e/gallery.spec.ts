import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_MERCADOPAGO_URL } from "./ports";
import { confirmOrder } from "./shop";

const TEE = "/products/classic-tee";

/** The gallery's large photo, checked to have really loaded. */
async function expectMainPhoto(page: Page, alt: string): Promise<void> {
  const main = page.getByTestId("gallery-main");
  await expect(main).toHaveAttribute("alt", alt);
  await expect(main).toHaveJSProperty("complete", true);
  expect(await main.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
}

const thumbnails = (page: Page): Locator => page.getByRole("list", { name: "Photos" }).getByRole("link");
const colour = (page: Page, name: string): Locator => page.getByRole("list", { name: /Colour/ }).getByRole("link", { name });

/** True when the page was not reloaded since markPage(). */
const markPage = (page: Page) => page.evaluate(() => Object.assign(window, { percha_unloaded: false }));
const isSamePage = (page: Page) => page.evaluate(() => "percha_unloaded" in window);

test.describe("colour photos", () => {
  test("picking a colour shows its photos, and a thumbnail swaps the large photo in place", async ({ page }) => {
    await page.goto(TEE);
    await expectMainPhoto(page, "Classic Cotton Tee in White, front");
    await markPage(page);

    await colour(page, "Navy").click();
    await expect(page).toHaveURL(/color=Navy/);
    await expectMainPhoto(page, "Classic Cotton Tee in Navy, front");
    await expect(thumbnails(page)).toHaveCount(3);
    await expect(thumbnails(page).first()).toHaveAttribute("aria-current", "true");

    await thumbnails(page).nth(1).click();
    await expectMainPhoto(page, "Classic Cotton Tee in Navy, close-up");
    await expect(thumbnails(page).nth(1)).toHaveAttribute("aria-current", "true");
    await expect(page).toHaveURL(/color=Navy.*photo=2/);
    expect(await isSamePage(page), "the colour and the photo changed without a reload").toBe(true);
    await page.screenshot({ path: test.info().outputPath("gallery-navy.png"), fullPage: true });

    // The address names the photo: opening it again shows the same one.
    await page.reload();
    await expectMainPhoto(page, "Classic Cotton Tee in Navy, close-up");
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the colour and thumbnail links load the page with that colour's photo", async ({ page }) => {
      await page.goto(TEE);
      await colour(page, "Black").click();
      await expect(page).toHaveURL(/color=Black/);
      await expectMainPhoto(page, "Classic Cotton Tee in Black, front");
      await thumbnails(page).nth(2).click();
      await expect(page).toHaveURL(/photo=3/);
      await expectMainPhoto(page, "Classic Cotton Tee in Black, fabric");
      await expect(thumbnails(page).nth(2)).toHaveAttribute("aria-current", "true");
      await page.screenshot({ path: test.info().outputPath("gallery-no-js.png"), fullPage: true });
    });
  });

  test("a colour without photos says whose photos it shows", async ({ page, createProduct, addPhotos }) => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 2 }, { size: "M", color: "Olive", quantity: 2 }]);
    await addPhotos(p.id, "Navy", 2);
    await page.goto(`/products/${p.slug}?color=Olive`);
    await expectMainPhoto(page, "Field Tee in Navy, view 1");
    await expect(page.getByText("Shown in Navy")).toBeVisible();
  });

  test("the bought colour's photo follows the line to the cart, checkout, the order page and the purchase email", async ({ page, createProduct, addPhotos, database }) => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 3 }, { size: "M", color: "Sand", quantity: 3 }]);
    await addPhotos(p.id, "Navy", 2);
    const [sand] = await addPhotos(p.id, "Sand", 2);
    if (!sand) throw new Error("no photo");
    // Lines show the photo ready-sized (lib/images/sizes.ts).
    const linePhoto = (scope: Locator) => scope.locator(`img[src="${sand}&w=240"]`);
    const expectLoaded = async (img: Locator) => {
      await expect(img).toBeVisible();
      expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    };

    await page.goto(`/products/${p.slug}?color=Sand`);
    await expectMainPhoto(page, "Field Tee in Sand, view 1");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: /Added/ })).toBeVisible();

    await page.goto("/cart");
    await expectLoaded(linePhoto(page.getByTestId("cart-line")));
    await page.goto("/checkout");
    await expectLoaded(linePhoto(page.getByRole("complementary", { name: "Order summary" })));

    await confirmOrder(page);
    await expect(page).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await page.getByRole("button", { name: "Approve payment" }).click();
    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    await expectLoaded(linePhoto(page.locator("#main")));
    await page.screenshot({ path: test.info().outputPath("order-with-photo.png"), fullPage: true });

    const orderId = Number(new URL(page.url()).pathname.split("/").pop());
    const { rows } = await database.query<{ html: string }>("select html from email_outbox where order_id = $1 and kind = 'purchase'", [orderId]);
    expect(rows[0]?.html).toContain(`<img src="${E2E_APP_URL}${sand}&amp;w=240" alt="${p.name} in Sand"`);
  });
});
