import { expect, test } from "./fixtures";
import { E2E_MERCADOPAGO_URL } from "./ports";
import { addToCart, confirmOrder } from "./shop";

const onMercadoPago = new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`);

test.describe("payments that come back", () => {
  test("a stranger who opens a guest's return link sees only the neutral page", async ({ page, browser, createProduct }) => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 3 }]);
    await addToCart(page, p.slug);
    await confirmOrder(page);
    await expect(page).toHaveURL(onMercadoPago);
    const back = page.waitForRequest(/\/api\/mercadopago\/return\?/);
    await page.getByRole("button", { name: "Approve payment" }).click();
    const returnUrl = (await back).url();
    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    await expect(page.getByText("Av. Corrientes 1234, 5B")).toBeVisible();

    // Someone else with the same link: a fresh browser, and another guest with a cart of their own.
    for (const withCart of [false, true]) {
      const context = await browser.newContext();
      const other = await context.newPage();
      if (withCart) await addToCart(other, p.slug);
      await other.goto(returnUrl);
      await expect(other).toHaveURL(/\/orders\/thanks$/);
      await expect(other.getByRole("heading", { level: 1 })).toHaveText("Thanks, we've emailed your order link");
      await expect(other.locator("#main")).not.toContainText("Corrientes");
      await expect(other.locator("#main")).not.toContainText("Lucía");
      if (!withCart) await other.screenshot({ path: test.info().outputPath("neutral-return.png"), fullPage: true });
      await context.close();
    }
  });

  test("an order paid after its item sold out is refunded, the order page says why, and the buyer is emailed", async ({ page, createProduct, setStock }) => {
    const p = await createProduct([{ size: "S", color: "Sand", quantity: 1 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    await addToCart(page, p.slug);
    await confirmOrder(page, "sold.out@example.com");
    await expect(page).toHaveURL(onMercadoPago);
    // The last unit is written off (damaged in the warehouse) while the shopper pays.
    await setStock(variant.id, 0);
    await page.getByRole("button", { name: "Approve payment" }).click();

    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    const orderNumber = new URL(page.url()).pathname.split("/").pop() ?? "";
    await expect(page.getByText("An item sold out before your payment reached us").first()).toBeVisible();
    // Mercado Pago confirms the refund in the background; the page then says it is done.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("heading", { name: "Your payment has been refunded" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await page.screenshot({ path: test.info().outputPath("order-refunded.png"), fullPage: true });

    await expect(async () => {
      await page.goto("/dev/emails");
      await expect(page.getByText(`Your refund for Percha order #${orderNumber}`)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
  });

  test("paying the same order twice refunds the second payment, and the order page says so", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "L", color: "Navy", quantity: 4 }]);
    await addToCart(page, p.slug);
    await confirmOrder(page);
    await expect(page).toHaveURL(onMercadoPago);
    const link = page.url();
    await page.getByRole("button", { name: "Approve payment" }).click();
    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    const orderPage = page.url();

    // The shopper had the link open in another tab and paid again.
    await page.goto(link);
    await page.getByRole("button", { name: "Approve payment" }).click();
    await expect(page).toHaveURL(orderPage);
    await expect(page.getByRole("heading", { name: "Thank you — your order is paid" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "A payment was refunded" })).toBeVisible();
    await expect(page.getByText("This order was paid twice, so we refunded the second payment in full.")).toBeVisible();
  });
});
