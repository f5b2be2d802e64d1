import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_MERCADOPAGO_URL } from "./ports";

/** A browser on this project's device that speaks `locale`, optionally without JavaScript. */
async function browserIn(browser: Browser, locale: string, { javaScriptEnabled = true } = {}) {
  const { baseURL, viewport, userAgent, isMobile, hasTouch, deviceScaleFactor } = test.info().project.use;
  const context = await browser.newContext({ baseURL, viewport, userAgent, isMobile, hasTouch, deviceScaleFactor, javaScriptEnabled, locale });
  return { context, page: await context.newPage() };
}

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true, scale: "css" });
const pathOf = (page: Page) => new URL(page.url()).pathname;

test.describe("languages", () => {
  test("unprefixed pages follow the browser's language until the shopper chooses", async ({ request }) => {
    const first = (path: string, headers: Record<string, string>) => request.get(path, { headers, maxRedirects: 0 });
    const english = await first("/cart", { "accept-language": "en-US,en;q=0.9" });
    expect(english.status()).toBe(307);
    expect(english.headers().location).toMatch(/\/en\/cart$/);
    for (const headers of [{ "accept-language": "es-AR,es;q=0.9" }, {}] as Array<Record<string, string>>) {
      const spanish = await first("/cart", headers);
      expect(spanish.status()).toBe(200);
      expect(await spanish.text()).toContain("Tu carrito está vacío");
    }
    // A choice made with the switcher outlives the browser's language.
    const chosen = await first("/cart", { "accept-language": "en-US", cookie: "NEXT_LOCALE=es" });
    expect(chosen.status()).toBe(200);
    // The API, the back office and files keep one path in every language.
    expect((await first("/api/health", { "accept-language": "en" })).status()).toBe(200);
    expect((await first("/en/api/health", {})).status()).toBe(404);
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`the language switcher keeps the choice${javaScriptEnabled ? "" : " without JavaScript"}`, async ({ browser }) => {
      const { context, page } = await browserIn(browser, "en-US", { javaScriptEnabled });
      await page.goto("/cart");
      expect(pathOf(page)).toBe("/en/cart");
      await expect(page.getByRole("heading", { level: 1, name: "Your cart is empty" })).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      if (test.info().project.name === "mobile") await page.getByText("Menu", { exact: true }).click();
      await page.getByRole("link", { name: "Español" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Tu carrito está vacío" })).toBeVisible();
      expect(pathOf(page)).toBe("/cart");
      await expect(page.locator("html")).toHaveAttribute("lang", "es-AR");
      // Still Spanish on the next page, though the browser asks for English.
      await page.goto("/");
      expect(pathOf(page)).toBe("/");
      await expect(page.getByRole("heading", { level: 1, name: "Básicos de nueva temporada" })).toBeVisible();
      await shot(page, `switched-to-spanish${javaScriptEnabled ? "" : "-no-js"}`);
      await context.close();
    });
  }

  test("a Spanish shopper buys in Spanish and gets the order page and the email in Spanish", async ({ browser, createProduct, stockOf }) => {
    const product = await createProduct([{ size: "M", color: "Navy", quantity: 5 }]);
    const [variant] = product.variants;
    if (!variant) throw new Error("no variant");
    const { context, page } = await browserIn(browser, "es-AR");
    const email = `comprador-${test.info().project.name}-${Date.now()}@example.com`;

    await page.goto(`/products/${product.slug}`);
    await expect(page.getByText("M, Navy: Hay stock")).toBeVisible();
    await page.getByLabel("Cantidad").fill("2");
    await page.getByRole("button", { name: "Agregar al carrito" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Agregaste" })).toBeVisible();

    await page.goto("/cart");
    await expect(page.getByRole("heading", { level: 1, name: "Tu carrito" })).toBeVisible();
    await page.getByRole("link", { name: "Finalizar compra" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Finalizar compra" })).toBeVisible();
    // A mistake is explained in Spanish and changes nothing.
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Nombre completo").fill("Lucía Fernández");
    await page.getByLabel("Dirección").fill("Av. Corrientes 1234, 5B");
    await page.getByLabel("Provincia").selectOption({ label: "Ciudad Autónoma de Buenos Aires" });
    await page.getByLabel("Ciudad").fill("Buenos Aires");
    await page.getByLabel("Teléfono").fill("11 4321-5678");
    await page.getByLabel("Código postal").fill("12");
    await page.getByRole("button", { name: "Confirmar pedido" }).click();
    await expect(page.getByText("Ingresá un código postal como 1425 o C1425ABC")).toBeVisible();
    await shot(page, "checkout-es-error");
    await page.getByLabel("Código postal").fill("C1043AAZ");
    await page.getByRole("button", { name: "Confirmar pedido" }).click();

    await expect(page).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await page.getByRole("button", { name: "Approve payment" }).click();
    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    expect(pathOf(page)).toMatch(/^\/orders\/\d+$/);
    await expect(page.getByRole("heading", { name: "¡Gracias! Tu pedido está pago" })).toBeVisible();
    await expect(page.getByText("Pagado", { exact: true })).toBeVisible();
    await shot(page, "order-es");
    expect(await stockOf(variant.id)).toBe(3);

    const orderId = pathOf(page).split("/").pop();
    await page.goto("/dev/emails");
    await expect(page.getByRole("row").filter({ hasText: email }).filter({ hasText: `Tu pedido #${orderId} de Percha está confirmado` })).toBeVisible();
    await context.close();
  });

  test("a guest finds their order in Spanish", async ({ browser }) => {
    const { context, page } = await browserIn(browser, "es-AR");
    await page.goto("/orders/find");
    await expect(page.getByRole("heading", { level: 1, name: "Encontrá tu pedido" })).toBeVisible();
    await page.getByLabel("Email que usaste al comprar").fill("nadie@example.com");
    await page.getByLabel("Número de pedido").fill("abc");
    await page.getByRole("button", { name: "Mandame el link del pedido" }).click();
    await expect(page.getByText("Ingresá el número de pedido que figura en el email")).toBeVisible();
    await page.getByLabel("Número de pedido").fill("#999999");
    await page.getByRole("button", { name: "Mandame el link del pedido" }).click();
    await expect(page.getByText("Si el pedido #999999 se hizo con ese email, te mandamos su link ahí.")).toBeVisible();
    await context.close();
  });
});
