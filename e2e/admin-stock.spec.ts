import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_MERCADOPAGO_URL } from "./ports";
import { addToCart, confirmOrder } from "./shop";
import { signInAsStaff } from "./staff";

/** The figure shown under a heading on the variant page ("On hand", "Available", …). */
const figure = (page: Page, name: string) => page.locator(".stock-figures div").filter({ has: page.getByText(name, { exact: true }) }).locator("dd");

/** On a phone too, the page fits the screen: only wide tables scroll, never the page. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
}

/** The low-stock row of a product, paging on until it shows (most sold first, so it may not be on page 1). */
async function lowStockRow(page: Page, productName: string) {
  await page.goto("/admin/stock/low");
  for (;;) {
    const row = page.getByRole("row").filter({ hasText: productName });
    if ((await row.count()) > 0) return row;
    await page.getByRole("link", { name: "Next →" }).click();
  }
}

test.describe("back office: stock", () => {
  // Each journey signs staff in and most also check out a shopper.
  test.slow();

  test("staff restocks a sold-out variant, a shopper buys it, and the sale shows in its history and in low stock", async ({ page, browser, createProduct, stockOf }) => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 0 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");

    await signInAsStaff(page, "/admin/stock");
    await page.getByLabel("Product name or SKU").fill(p.name);
    await page.getByLabel("Sold out only").check();
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("row").filter({ hasText: p.name })).toContainText("0 · sold out");
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: test.info().outputPath("stock-list.png"), fullPage: true });
    await page.getByRole("link", { name: `${p.name}, M, Black` }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${p.name} — M, Black`);
    await expect(figure(page, "Available")).toContainText("0");
    await page.getByLabel("Units received").fill("4");
    await page.getByLabel("Note (optional)").first().fill("Delivery 12");
    await page.getByRole("button", { name: "Restock" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Restocked 4 units: 4 on hand." })).toBeVisible();
    await expect(figure(page, "On hand")).toHaveText("4");
    expect(await stockOf(variant.id)).toBe(4);

    // A shopper, in a browser of their own, sees it at once and buys three.
    const shopper = await browser.newContext();
    const shop = await shopper.newPage();
    await shop.goto(`/products/${p.slug}`);
    await expect(shop.getByTestId("stock-note")).toHaveText("M, Black: In stock");
    await addToCart(shop, p.slug, 3);
    await confirmOrder(shop);
    await expect(shop).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await shop.getByRole("button", { name: "Approve payment" }).click();
    await expect(shop).toHaveURL(/\/orders\/\d+\?token=/);
    const orderNumber = new URL(shop.url()).pathname.split("/").pop() ?? "";
    await shopper.close();
    expect(await stockOf(variant.id)).toBe(1);

    // The history, newest first: the sale by its order, then the restock by staff.
    await page.reload();
    const rows = page.getByRole("table", { name: /Every change of on hand/ }).locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText("Sale");
    await expect(rows.nth(0)).toContainText("−3");
    await expect(rows.nth(0).getByRole("link", { name: `Order #${orderNumber}` })).toBeVisible();
    await expect(rows.nth(1)).toContainText("Restock");
    await expect(rows.nth(1)).toContainText("+4");
    await expect(rows.nth(1)).toContainText("Delivery 12");
    await expect(page.getByRole("region", { name: "Changes by staff" })).toContainText(/restock\s*by staff@percha\.shop\s*quantity: 0 → 4/);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: test.info().outputPath("variant-after-sale.png"), fullPage: true });

    // One left, at the shop default of 3: low, with its three sales.
    const low = await lowStockRow(page, p.name);
    await expect(low).toContainText("M");
    await expect(low.locator('td[data-label="Sold (30 days)"]')).toHaveText("3");
    await expect(low.locator('td[data-label="Available"]')).toHaveText("1");
    await expect(page.getByText(/most sold in the last 30 days first/)).toBeVisible();
    await expectNoSidewaysScroll(page);
    // The list is long: the screen around the row, not the whole page.
    await low.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath("low-stock.png") });
  });

  test("bad numbers, corrections below zero and counts under the held units are told plainly", async ({ page, browser, createProduct, stockOf }) => {
    const p = await createProduct([{ size: "S", color: "Sand", quantity: 2 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    await signInAsStaff(page, `/admin/stock/${variant.id}`);

    await page.getByLabel("Units received").fill("1.5");
    await page.getByRole("button", { name: "Restock" }).click();
    await expect(page.getByText("Units must be a whole number from 1 to 100,000")).toBeVisible();
    await expect(page.getByLabel("Units received")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Remove or add").selectOption("remove");
    await page.getByLabel("Units", { exact: true }).fill("5");
    await page.getByLabel("Why").fill("Torn seams");
    await page.getByRole("button", { name: "Correct stock" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Only 2 units on hand: removing 5 would go below zero. Nothing changed." })).toBeVisible();
    await expect(page.getByLabel("Why")).toHaveValue("Torn seams");
    expect(await stockOf(variant.id)).toBe(2);

    // A shopper holds both units in an open payment link, then staff count one.
    const shopper = await browser.newContext();
    const shop = await shopper.newPage();
    await addToCart(shop, p.slug, 2);
    await confirmOrder(shop);
    await expect(shop).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await shopper.close();

    await page.reload();
    await expect(page.getByRole("region", { name: "Held by open payment links" }).getByRole("link", { name: /Order #\d+/ })).toBeVisible();
    await page.getByLabel("Units counted on the shelf").fill("1");
    await page.getByRole("button", { name: "Record count" }).click();
    await expect(page.getByRole("status").filter({ hasText: "open payment links hold 2 units, more than the 1 counted" })).toBeVisible();
    await expect(page.getByRole("note")).toContainText("If they are all paid, 1 will be refunded as sold out.");
    await page.screenshot({ path: test.info().outputPath("variant-warnings.png"), fullPage: true });
  });

  test("the stock forms work without JavaScript", async ({ browser, createProduct, stockOf }) => {
    const p = await createProduct([{ size: "L", color: "Olive", quantity: 0 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAsStaff(page, `/admin/stock/${variant.id}`);

    await page.getByLabel("Units received").fill("6");
    await page.getByRole("button", { name: "Restock" }).click();
    await expect(page.getByText("Restocked 6 units: 6 on hand.")).toBeVisible();
    await page.getByLabel("Low-stock threshold").fill("10");
    await page.getByRole("button", { name: "Save threshold" }).click();
    await expect(page.getByText("Low-stock threshold set to 10.")).toBeVisible();
    expect(await stockOf(variant.id)).toBe(6);
    await context.close();
  });
});
