import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_MERCADOPAGO_URL } from "./ports";
import { addToCart, confirmOrder, fillDelivery } from "./shop";

const onMercadoPago = new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`);

/** Fills the delivery details on /checkout without confirming. */
async function fillCheckout(page: Page) {
  await page.goto("/checkout");
  await page.getByLabel("Email").fill("short.stock@example.com");
  await page.getByLabel("Full name").fill("Lucía Fernández");
  await page.getByLabel("Address").fill("Av. Corrientes 1234, 5B");
  await fillDelivery(page);
}

/** The preference the page is paying on the stand-in, and our payment it refers to. */
async function preferenceOf(page: Page): Promise<{ preferenceId: string; reference: string }> {
  const preferenceId = new URL(page.url()).searchParams.get("pref_id") ?? "";
  const preferences = (await (await fetch(`${E2E_MERCADOPAGO_URL}/__control/preferences`)).json()) as Array<{ id: string; external_reference: string }>;
  const found = preferences.find((p) => p.id === preferenceId);
  if (!found) throw new Error(`no preference ${preferenceId} at the stand-in`);
  return { preferenceId, reference: found.external_reference };
}

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

test.describe("checkout errors are seen", () => {
  // Each walks a whole purchase (several carts, checkout, Mercado Pago) and some run it twice.
  test.beforeEach(() => test.slow());

  test("a refused Confirm order takes the shopper to the error, and the summary says what is left of each short line", async ({ page, createProduct, setStock }) => {
    const p = await createProduct([
      { size: "S", color: "Navy", quantity: 3 },
      { size: "M", color: "Navy", quantity: 3 },
      { size: "L", color: "Navy", quantity: 3 },
    ]);
    const [small, medium] = p.variants;
    if (!small || !medium) throw new Error("variants missing");
    await addToCart(page, `${p.slug}?color=Navy&size=S`, 3);
    await addToCart(page, `${p.slug}?color=Navy&size=M`, 2);
    await addToCart(page, `${p.slug}?color=Navy&size=L`, 1);
    await fillCheckout(page);
    await expect(page.getByTestId("summary-line").filter({ hasText: /Only|Sold out/ })).toHaveCount(0);

    // Sold elsewhere while the shopper typed.
    await setStock(small.id, 1);
    await setStock(medium.id, 0);
    const confirm = page.getByRole("button", { name: "Confirm order" });
    await confirm.scrollIntoViewIfNeeded();
    await confirm.click();

    const error = page.getByTestId("checkout-error");
    await expect(error).toContainText(`${p.name} (S, Navy): only 1 left, you asked for 3`);
    await expect(error).toContainText(`${p.name} (M, Navy): sold out, you asked for 2`);
    await expect(error).toBeFocused();
    await expect(error).toBeInViewport({ ratio: 0.9 });
    await expect(page.locator("#main").getByRole("alert")).toContainText("no longer available in that quantity");

    const lines = page.getByTestId("summary-line");
    await expect(lines.filter({ hasText: "S · Navy" })).toContainText("Only 1 left");
    await expect(lines.filter({ hasText: "M · Navy" })).toContainText("Sold out");
    await expect(lines.filter({ hasText: "L · Navy" })).not.toContainText(/Only|Sold out/);
    await expect(page).toHaveURL(/\/checkout$/);
    await shot(page, "checkout-refused");
  });

  test("without JavaScript the refused form comes back with the error on top, and the summary marks the short line", async ({ browser, createProduct, setStock }) => {
    const p = await createProduct([{ size: "M", color: "Olive", quantity: 4 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`/products/${p.slug}`);
    await page.getByLabel("Quantity").fill("3");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("3");
    await fillCheckout(page);
    await setStock(variant.id, 2);
    await page.getByRole("button", { name: "Confirm order" }).click();

    const alert = page.locator("form.checkout-form > [role=alert]").first();
    await expect(alert).toContainText(`${p.name} (M, Olive): only 2 left, you asked for 3`);
    await expect(page.getByTestId("summary-line")).toContainText("Only 2 left");
    // Nothing was lost: the details typed are still there.
    await expect(page.getByLabel("Address")).toHaveValue("Av. Corrientes 1234, 5B");
    await shot(page, "checkout-refused-no-js");
    await context.close();
  });

  test("a payment Mercado Pago cannot vouch for lands on checkout saying so, or on the cart once it is empty", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 3 }]);
    await addToCart(page, p.slug);
    await confirmOrder(page);
    await expect(page).toHaveURL(onMercadoPago);
    const { preferenceId, reference } = await preferenceOf(page);
    // An approval on our account for another amount than the order's.
    const response = await fetch(`${E2E_MERCADOPAGO_URL}/__control/pay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ preferenceId, status: "approved", amount: 1, notify: false }),
    });
    const payment = (await response.json()) as { id: number };

    await page.goto(`/api/mercadopago/return?payment_id=${payment.id}&status=approved&external_reference=${reference}`);
    await expect(page).toHaveURL(/\/checkout\?payment=unverified$/);
    const notice = page.getByTestId("payment-notice");
    await expect(notice).toContainText("We could not verify that payment with Mercado Pago");
    await expect(notice).toBeInViewport();
    await shot(page, "payment-unverified-checkout");

    // With nothing left to check out, the cart page carries the notice.
    await page.goto("/cart");
    await page.getByRole("button", { name: `Remove ${p.name}, M, Black` }).click();
    await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
    await page.goto("/checkout?payment=unverified");
    await expect(page).toHaveURL(/\/cart\?payment=unverified$/);
    await expect(page.getByTestId("payment-notice")).toContainText("We could not verify that payment with Mercado Pago");
    await expect(page.getByTestId("payment-notice")).toBeInViewport();
    await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
    await shot(page, "payment-unverified-cart");
  });

  test("coming back after the payment link expired lands on checkout saying so, and confirming again gets a new link", async ({ page, createProduct, database }) => {
    const p = await createProduct([{ size: "S", color: "Sand", quantity: 2 }]);
    await addToCart(page, p.slug);
    await confirmOrder(page);
    await expect(page).toHaveURL(onMercadoPago);
    const { preferenceId, reference } = await preferenceOf(page);
    // An hour goes by.
    await database.query("update payment set expires_at = now() - interval '1 minute' where id = $1", [reference]);

    // What Mercado Pago sends when the shopper goes back to the shop without paying.
    await page.goto(
      `/api/mercadopago/return?collection_id=null&collection_status=null&payment_id=null&status=null&external_reference=${reference}&preference_id=${preferenceId}`,
    );
    await expect(page).toHaveURL(/\/checkout\?payment=expired$/);
    const notice = page.getByTestId("payment-notice");
    await expect(notice).toContainText("Your payment link expired after one hour. Confirm your order again to get a new one.");
    await expect(notice).toBeInViewport();
    await shot(page, "payment-expired");

    await confirmOrder(page);
    await expect(page).toHaveURL(onMercadoPago);
    expect((await preferenceOf(page)).preferenceId).not.toBe(preferenceId);
  });

  test("\"only N available\" is a warning, not a success, on the product page and in the cart", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "M", color: "Ecru", quantity: 2 }]);
    await page.goto(`/products/${p.slug}`);
    await page.getByLabel("Quantity").evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
    await page.getByLabel("Quantity").fill("5");
    await page.getByRole("button", { name: "Add to cart" }).click();
    const capped = page.getByRole("status").filter({ hasText: "Only 2 available — your cart has 2." }).locator(".notice");
    await expect(capped).toHaveAttribute("data-tone", "warn");
    await expect(capped).toHaveClass(/notice--warn/);
    await expect(capped.locator("svg.notice__icon")).toBeVisible();
    await capped.scrollIntoViewIfNeeded();
    await shot(page, "only-n-available-product");

    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "your cart already has 2" }).locator(".notice")).toHaveAttribute("data-tone", "warn");

    await page.goto("/cart");
    const quantity = page.getByLabel(`Quantity of ${p.name}, M, Ecru`);
    await quantity.evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
    await quantity.fill("9");
    await page.getByRole("button", { name: "Update" }).click();
    const lowered = page.getByRole("status").filter({ hasText: "Only 2 available — your cart has 2." }).locator(".notice");
    await expect(lowered).toHaveAttribute("data-tone", "warn");
    await shot(page, "only-n-available-cart");

    // A change that went through as asked is still a success.
    await quantity.fill("1");
    await page.getByRole("button", { name: "Update" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Cart updated." }).locator(".notice")).toHaveAttribute("data-tone", "ok");
  });
});
