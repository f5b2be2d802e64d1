import type { Page } from "@playwright/test";
import { expect } from "./fixtures";
import { E2E_MERCADOPAGO_URL } from "./ports";

/** Adds `quantity` of the product page's chosen variant to the cart (slug may carry ?color=&size=). */
export async function addToCart(page: Page, slug: string, quantity = 1) {
  await page.goto(`/products/${slug}`);
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Added|available/ })).toBeVisible();
}

/** Fills checkout with a delivery address (keeping prefilled contact details) and clicks "Confirm order". */
export async function confirmOrder(page: Page, email = "guest.shopper@example.com") {
  await page.goto("/checkout");
  const email_ = page.getByLabel("Email");
  if ((await email_.inputValue()) === "") await email_.fill(email);
  const fullName = page.getByLabel("Full name");
  if ((await fullName.inputValue()) === "") await fullName.fill("Lucía Fernández");
  await page.getByLabel("Address").fill("Av. Corrientes 1234, 5B");
  await fillDelivery(page);
  await page.getByRole("button", { name: "Confirm order" }).click();
}

/** The Argentine delivery fields of the English checkout: a flat in the City of Buenos Aires. */
export async function fillDelivery(page: Page, delivery: { province?: string; city?: string; postalCode?: string; phone?: string } = {}) {
  await page.getByLabel("Province").selectOption({ label: delivery.province ?? "Ciudad Autónoma de Buenos Aires" });
  await page.getByLabel("City").fill(delivery.city ?? "Buenos Aires");
  await page.getByLabel("Postal code").fill(delivery.postalCode ?? "C1043AAZ");
  await page.getByLabel("Phone").fill(delivery.phone ?? "11 4321-5678");
}

/** A guest buys one unit through the stand-in; returns the order number and the buyer's order link. */
export async function buyOne(page: Page, slug: string, email: string) {
  await addToCart(page, slug, 1);
  await confirmOrder(page, email);
  await expect(page).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
  const buyerUrl = page.url();
  return { orderId: Number(new URL(buyerUrl).pathname.split("/").pop()), buyerUrl };
}
