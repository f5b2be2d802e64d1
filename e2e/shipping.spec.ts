import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_MERCADOPAGO_URL } from "./ports";
import { addToCart, fillDelivery } from "./shop";
import { signInAsStaff } from "./staff";

const onMercadoPago = new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`);
const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });

/**
 * Staff set Patagonia's rate. Desktop and mobile run at once on one shop, so
 * both save the same numbers: whichever saves second finds nothing to change.
 */
async function setPatagoniaRate(page: Page) {
  await signInAsStaff(page, "/admin/shipping");
  await expect(page.getByRole("heading", { name: "Shipping", level: 1 })).toBeVisible();
  await page.getByLabel("Patagonia").fill("12.345");
  await page.getByLabel("Free shipping from, in pesos").fill("100.000");
  await page.getByRole("button", { name: "Save shipping rates" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Shipping rates saved|Nothing changed/ })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Patagonia")).toHaveValue("12.345");
  await expect(page.getByText("rate Patagonia: $ 9.900,00 → $ 12.345,00")).toBeVisible();
}

test.describe("shipping across Argentina", () => {
  test.beforeEach(() => test.slow());

  test("staff set a zone's rate; a shopper sees it for their province, pays items plus shipping, and the order shows it", async ({ page, browser, createProduct, database }) => {
    const staffContext = await browser.newContext();
    const staff = await staffContext.newPage();
    await setPatagoniaRate(staff);
    await shot(staff, "admin-shipping");

    const p = await createProduct([{ size: "M", color: "Olive", quantity: 5 }], 2_500_000);
    await addToCart(page, `${p.slug}?color=Olive&size=M`);
    await page.goto("/cart");
    await expect(page.getByTestId("cart-total")).toHaveText("$ 25.000,00");
    await expect(page.getByTestId("cart-shipping")).toHaveText(/^From \$/);
    await expect(page.getByTestId("cart-shipping-note")).toContainText("Add $ 75.000,00 more for free shipping.");
    await shot(page, "cart");

    await page.goto("/checkout");
    await expect(page.getByTestId("checkout-shipping")).toHaveText("Choose your province");
    await page.getByLabel("Email").fill("patagonia.shopper@example.com");
    await page.getByLabel("Full name").fill("Martina Ruiz");
    await page.getByLabel("Address").fill("Av. Argentina 250, 3A");
    await fillDelivery(page, { province: "Neuquén", city: "Neuquén", postalCode: "Q8300XAB", phone: "0299 15-412-3456" });
    await page.getByLabel("DNI or CUIT (optional)").fill("20-12345678-6");
    await expect(page.getByTestId("checkout-shipping")).toHaveText("$ 12.345,00");
    await expect(page.getByTestId("checkout-total")).toHaveText("$ 37.345,00");
    await shot(page, "checkout");

    await page.getByRole("button", { name: "Confirm order" }).click();
    await expect(page).toHaveURL(onMercadoPago);
    // Shipping is its own item of the preference, and the amount to pay includes it.
    await expect(page.getByText("Shipping to Neuquén")).toBeVisible();
    await expect(page.getByText("$ 37.345,00")).toBeVisible();
    await page.getByRole("button", { name: "Approve payment" }).click();

    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    const orderId = Number(new URL(page.url()).pathname.split("/").pop());
    await expect(page.getByTestId("order-shipping")).toHaveText(/Shipping to Neuquén\s*\$\s12\.345,00/);
    await expect(page.locator(".order-total").last()).toContainText("$ 37.345,00");
    await expect(page.locator("address")).toContainText("Neuquén");
    await expect(page.locator("address")).toContainText("Phone: 0299 15-412-3456");
    await expect(page.locator("address")).toContainText("DNI/CUIT: 20-12345678-6");
    await shot(page, "order");

    const { rows } = await database.query<{ status: string; shipping_minor: number; shipping_zone: string; total_minor: number; amount_minor: number }>(
      `select o.status, o.shipping_minor, o.shipping_zone, o.total_minor, p.amount_minor
       from "order" o join payment p on p.order_id = o.id where o.id = $1`,
      [orderId],
    );
    expect(rows).toEqual([{ status: "paid", shipping_minor: 1_234_500, shipping_zone: "patagonia", total_minor: 3_734_500, amount_minor: 3_734_500 }]);

    await staff.goto(`/admin/orders/${orderId}`);
    await expect(staff.getByTestId("admin-shipping-line")).toContainText("Shipping to Neuquén (Patagonia)");
    await expect(staff.getByTestId("admin-shipping-line")).toContainText("$ 12.345,00");
    await expect(staff.getByRole("link", { name: "0299 15-412-3456" })).toBeVisible();
    await staffContext.close();
  });

  test("wrong delivery details get a message beside each field and create nothing", async ({ page, createProduct, database }) => {
    const p = await createProduct([{ size: "S", color: "Sand", quantity: 2 }]);
    await addToCart(page, `${p.slug}?color=Sand&size=S`);
    await page.goto("/checkout");
    await page.getByLabel("Email").fill("wrong.details@example.com");
    await page.getByLabel("Full name").fill("Lucía Fernández");
    await page.getByLabel("Address").fill("Bv. San Juan 500");
    await fillDelivery(page, { province: "Córdoba", city: "Córdoba", postalCode: "C1425ABC", phone: "4321" });
    await page.getByLabel("DNI or CUIT (optional)").fill("20-12345678-5");
    await page.getByRole("button", { name: "Confirm order" }).click();

    await expect(page.getByText("This CPA belongs to another province: check the province or the postal code")).toBeVisible();
    await expect(page.getByText("Enter an Argentine phone number with its area code, like 11 4321-5678")).toBeVisible();
    await expect(page.getByText("This CUIT is not valid: check its last digit")).toBeVisible();
    await expect(page.getByLabel("Postal code")).toHaveAttribute("aria-invalid", "true");
    // What was typed comes back, and the summary still prices Córdoba.
    await expect(page.getByLabel("Province")).toHaveValue("X");
    await expect(page.getByLabel("Postal code")).toHaveValue("C1425ABC");
    await expect(page.getByTestId("checkout-shipping")).toHaveText(/^\$\s\d/);
    await shot(page, "checkout-errors");
    const { rows } = await database.query(`select id from "order" where email = 'wrong.details@example.com'`);
    expect(rows).toEqual([]);
  });
});

test.describe("envíos, en castellano", () => {
  test.use({ locale: "es-AR" });
  test.beforeEach(() => test.slow());

  test("una compradora elige su provincia, ve el envío, paga y el pedido lo muestra", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "L", color: "Navy", quantity: 3 }], 3_000_000);
    // Fields outside the delivery ones are found by name: their Spanish labels come with the storefront's translation.
    await page.goto(`/products/${p.slug}?color=Navy&size=L`);
    await page.locator('input[name="quantity"]').fill("1");
    await page.locator('form:has(input[name="quantity"]) button[type="submit"]').click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");

    await page.goto("/cart");
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByTestId("cart-shipping")).toHaveText(/^Desde \$/);
    await expect(page.getByTestId("cart-shipping-note")).toContainText("Sumá $ 70.000,00 más y el envío es gratis.");

    await page.goto("/checkout");
    await expect(page.getByTestId("checkout-shipping")).toHaveText("Elegí tu provincia");
    await page.locator('input[name="email"]').fill("compradora@example.com");
    await page.locator('input[name="fullName"]').fill("Sofía Gómez");
    await page.locator('input[name="address"]').fill("Bv. Oroño 1250");
    await page.getByLabel("Provincia").selectOption({ label: "Santa Fe" });
    await page.getByLabel("Ciudad").fill("Rosario");
    await page.getByLabel("Código postal").fill("S2000ABC");
    await page.getByLabel("Teléfono").fill("+54 9 341 555-1234");
    const shipping = await page.getByTestId("checkout-shipping").textContent();
    expect(shipping).toMatch(/^\$\s\d/);
    await expect(page.getByText("A Santa Fe")).toBeVisible();
    await shot(page, "checkout-es");

    await page.locator('form.checkout-form button[type="submit"]').click();
    await expect(page).toHaveURL(onMercadoPago);
    await expect(page.getByText("Envío a Santa Fe")).toBeVisible();
    await page.getByRole("button", { name: "Approve payment" }).click();

    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    expect(new URL(page.url()).pathname).not.toMatch(/^\/en\//);
    await expect(page.getByTestId("order-shipping")).toHaveText(new RegExp(`Envío a Santa Fe\\s*${(shipping ?? "").replace(/[.$]/g, "\\$&").replace(/\s/g, "\\s")}`));
    await expect(page.locator("address")).toContainText("Teléfono: +54 9 341 555-1234");
    await shot(page, "order-es");
  });
});
