import type { APIRequestContext, BrowserContext } from "@playwright/test";
import { send } from "@/test/http";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./ports";
import { englishPath, postToAction } from "./server-actions";
import { signInAsStaff } from "./staff";

/**
 * Hostile input, the way a scanner or a mangled link sends it: ids beyond
 * PostgreSQL's integer range or written as "1e3" or "0x10", NUL and invalid
 * UTF-8 in slugs, ids, query strings, cookies and form fields. Each gets a
 * 400 (the server cannot decode the path), a 404, the page with the bad part
 * ignored, or a field error: never a 500, never an error the page caught.
 */

const BIG = "99999999999999999999";

// The path, and the status it must get.
const GUEST_URLS: Array<[string, number]> = [
  ["/products/%00", 404],
  ["/products/classic-tee%00", 404],
  ["/products/%C0%AF", 400],
  ["/products/%FF", 400],
  [`/products/${BIG}`, 404],
  [`/products/${"a".repeat(3000)}`, 404],
  [`/orders/${BIG}`, 404],
  ["/orders/2147483648", 404],
  ["/orders/-1", 404],
  ["/orders/1e3", 404],
  ["/orders/0x10", 404],
  ["/orders/%00", 404],
  ["/orders/%C0%AF", 400],
  ["/orders/1?token=%00", 404],
  ["/orders/1?token=%FF&notice=%00", 404],
  ["/images/%00", 404],
  [`/images/${BIG}`, 404],
  ["/images/1e3?v=%00", 404],
  ["/?category=%00", 200],
  ["/?category=%FF", 200],
  ["/?category=a&category=b", 200],
  ["/products/classic-tee?color=%00&size=%FF", 200],
  ["/sign-in?next=%00", 200],
  ["/sign-up?next=%C0%AF", 200],
  ["/dev/emails/%00", 404],
  [`/dev/emails/${BIG}`, 404],
  ["/api/mercadopago/return?payment_id=%00&external_reference=%00", 303],
  [`/api/mercadopago/return?payment_id=${BIG}${BIG}&collection_id=-1`, 303],
];

const STAFF_URLS: Array<[string, number]> = [
  [`/admin/orders/${BIG}`, 404],
  ["/admin/orders/1e3", 404],
  ["/admin/orders/%00", 404],
  ["/admin/products/0x10", 404],
  ["/admin/products/1e1", 404],
  ["/admin/products/-1", 404],
  ["/admin/products/1?variant=%00", 200],
  ["/admin/stock/%00", 404],
  ["/admin/stock/2147483648", 404],
  ["/admin/stock/1?page=1e3", 200],
  ["/admin/money/%00", 404],
  [`/admin/money/${BIG}`, 404],
  ["/admin/products?q=%00&page=1e3", 200],
  ["/admin/stock?q=%00&page=0x10&soldOut=%00", 200],
  [`/admin/stock/low?page=${BIG}`, 200],
  [`/admin/orders?from=0000-01-01&to=9999-12-31&after=${BIG}&before=%00&q=%00&status=%FF`, 200],
];

async function expectAnswered(path: string, status: number, cookie?: string) {
  const answer = await send(`${E2E_APP_URL}${englishPath(path)}`, { headers: cookie ? { cookie } : {} });
  expect(answer.status, path).toBe(status);
  // A thrown error reaches the page as a numeric digest (a 404 is "NEXT_HTTP_ERROR_FALLBACK;404").
  expect(answer.body, path).not.toMatch(/"digest\\*":\\*"\d/);
  expect(answer.body, path).not.toContain("<h1>Something went wrong</h1>");
  // The shop's not-found page, or the photo route's plain answer.
  if (status === 404) expect(answer.body, path).toMatch(/Page not found|^Not found$/);
  return answer;
}

const cookieHeader = async (context: BrowserContext) => (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

async function expectFieldError(request: APIRequestContext, action: string, page: string, fields: Record<string, string>, message: string) {
  const answer = await postToAction(request, action, page, fields);
  const what = `${action} ${JSON.stringify(fields)}`;
  expect(answer.status, what).toBe(200);
  expect(answer.body, what).toContain(message);
}

test.describe("bad input", () => {
  test.skip(({ isMobile }) => isMobile, "HTTP-level: the desktop project covers it");

  test("hostile URLs get a 400 or a 404, or the page without the bad part, never a 500", async ({ browser }) => {
    test.slow();
    for (const [path, status] of GUEST_URLS) await expectAnswered(path, status);
    const notices = await expectAnswered("/?category=%00", 200);
    expect(notices.body).toContain("showing everything");

    // Cookies are the client's to write too: a forged cart cookie is no cart.
    for (const value of ["%00", "%FF", "x", "a".repeat(43)]) {
      const answer = await expectAnswered("/cart", 200, `percha_cart=${value}`);
      expect(answer.body).toContain("Your cart is empty");
    }

    const staff = await browser.newContext();
    await signInAsStaff(await staff.newPage());
    const cookie = await cookieHeader(staff);
    for (const [path, status] of STAFF_URLS) await expectAnswered(path, status, cookie);
    const orders = await expectAnswered(STAFF_URLS.at(-1)?.[0] ?? "", 200, cookie);
    expect(orders.body).toContain("Ignored the start date “0000-01-01”: it is not valid.");
    await staff.close();
  });

  test("hostile form posts get a field error, never a 500", async ({ browser, createProduct }) => {
    test.slow();
    const p = await createProduct([{ size: "M", color: "Black", quantity: 3 }]);
    const variant = String(p.variants[0]?.id);
    const shopper = await browser.newContext();
    const page = await shopper.newPage();
    await page.goto(`/products/${p.slug}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    const request = shopper.request;
    const product = `/products/${p.slug}`;

    for (const variantId of [BIG, "2147483648", "-1", "1e3", "0x10", "\uFFFD", ""]) {
      await expectFieldError(request, "addToCartAction", product, { variantId, quantity: "1" }, "Choose a size and colour");
      await expectFieldError(request, "updateQuantityAction", "/cart", { variantId, quantity: "1" }, "That item is not in your cart.");
      await expectFieldError(request, "removeLineAction", "/cart", { variantId }, "That item is not in your cart.");
    }
    for (const quantity of [BIG, "1e1", "0x10", "-1", "1.5"]) {
      await expectFieldError(request, "addToCartAction", product, { variantId: variant, quantity }, "Quantity must be a whole number from 1 to 99");
      await expectFieldError(request, "updateQuantityAction", "/cart", { variantId: variant, quantity }, "Quantity must be a whole number from 1 to 99");
    }
    const controlCharacter = "Remove the hidden control character from this field.";
    await expectFieldError(request, "addToCartAction", product, { variantId: `${variant}\u0000`, quantity: "1" }, controlCharacter);
    await expectFieldError(request, "addToCartAction", product, { variantId: variant, quantity: "2\u0000" }, controlCharacter);
    await expectFieldError(request, "updateQuantityAction", "/cart", { variantId: `${variant}\u0000`, quantity: "1" }, "That item is not in your cart.");
    await expectFieldError(request, "removeLineAction", "/cart", { variantId: `${variant}\u0000` }, "That item is not in your cart.");
    const contact = {
      email: "nul@example.com", fullName: "Ana Pérez", address: "Av. Corrientes 1234", city: "Buenos Aires",
      province: "C", postalCode: "C1043AAZ", phone: "11 4321-5678", taxId: "20-12345678-6",
    };
    for (const field of Object.keys(contact)) {
      await expectFieldError(request, "confirmOrderAction", "/checkout", { ...contact, [field]: "x\u0000y" }, controlCharacter);
    }
    await expectFieldError(request, "signUpAction", "/sign-up", { name: "Ana\u0000", email: "nul-name@example.com", password: "long enough password", next: "/" }, controlCharacter);
    await expectFieldError(request, "signInAction", "/sign-in", { email: "ana\u0000@example.com", password: "x", next: "/" }, controlCharacter);
    // Nothing of it reached the cart.
    await page.goto("/cart");
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    await shopper.close();

    const staff = await browser.newContext();
    await signInAsStaff(await staff.newPage());
    for (const variantId of [BIG, "1e3", "0x10"]) {
      await expectFieldError(staff.request, "restockAction", "/admin/stock/1", { variantId, units: "1", note: "" }, "Unknown variant");
      await expectFieldError(staff.request, "updateVariantAction", "/admin/products/1", { variantId, size: "M", color: "Black", sku: "" }, "Not an id");
    }
    await expectFieldError(staff.request, "packOrderAction", `/admin/orders/1`, { orderId: BIG }, "Not an id");
    await expectFieldError(staff.request, "restockAction", "/admin/stock/1", { variantId: variant, units: "1", note: "\u0000" }, "Remove the hidden control character from this field.");
    await expectFieldError(
      staff.request, "updateProductAction", "/admin/products/1",
      { productId: "0x10", name: "Tee", slug: "tee", description: "A tee", category: "T-shirts", price: "100" }, "Not an id",
    );
    await staff.close();
  });
});

test.describe("bad input in the browser", () => {
  test("a tampered add-to-cart form says what is wrong on the page", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "S", color: "Sand", quantity: 2 }]);
    await page.goto(`/products/${p.slug}`);
    await page.locator("input[name=variantId]").evaluate((input: HTMLInputElement, value) => (input.value = value), BIG);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Choose a size and colour" })).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("0");
  });
});
