import { expect, test } from "./fixtures";
import { E2E_MERCADOPAGO_URL } from "./ports";
import { addToCart, confirmOrder } from "./shop";

test.describe("purchase", () => {
  test("a guest buys a tee through Mercado Pago and lands on the paid order; stock falls by what was bought", async ({ page, createProduct, stockOf }) => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 3 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    await addToCart(page, p.slug, 2);
    await confirmOrder(page);

    await expect(page).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await expect(page.getByText(p.name).first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("mercadopago.png"), fullPage: true });
    await page.getByRole("button", { name: "Approve payment" }).click();

    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/Order #\d+/);
    await expect(page.getByText(/paid/i).first()).toBeVisible();
    await expect(page.getByText(p.name).first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("order-paid.png"), fullPage: true });
    expect(await stockOf(variant.id)).toBe(1);
    await expect(page.getByTestId("cart-count")).toHaveText("0");

    // The same page without its token is nobody's business.
    const orderUrl = new URL(page.url());
    const bare = await page.goto(orderUrl.pathname);
    expect(bare?.status()).toBe(404);
    const wrong = await page.goto(`${orderUrl.pathname}?token=not-the-token`);
    expect(wrong?.status()).toBe(404);

    // The purchase email was captured, with the order number in its subject.
    const orderNumber = orderUrl.pathname.split("/").pop() ?? "";
    await page.goto("/dev/emails");
    await expect(page.getByText(new RegExp(`#${orderNumber}\\b`)).first()).toBeVisible();
  });

  test("a rejected payment goes back to checkout with a message and releases the held stock", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "L", color: "Ecru", quantity: 1 }]);
    await addToCart(page, p.slug);
    await confirmOrder(page);
    await expect(page).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await page.getByRole("button", { name: "Reject payment" }).click();

    await expect(page).toHaveURL(/\/checkout\?payment=rejected/);
    await expect(page.getByText(/rejected/i).first()).toBeVisible();
    // The hold is gone: the last unit is on sale again.
    await page.goto(`/products/${p.slug}`);
    await expect(page.getByTestId("stock-note")).toHaveText("L, Ecru: Only 1 left");
  });

  test("confirming with an item sold out meanwhile names it and creates nothing", async ({ page, createProduct, setStock }) => {
    const p = await createProduct([{ size: "S", color: "Olive", quantity: 2 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    await addToCart(page, p.slug);
    await setStock(variant.id, 0);
    await confirmOrder(page);
    const alert = page.locator("#main").getByRole("alert");
    await expect(alert).toContainText(`${p.name} (S, Olive): sold out`);
    await expect(page).toHaveURL(/\/checkout$/);
    await page.screenshot({ path: test.info().outputPath("checkout-sold-out.png"), fullPage: true });
  });
});

test.describe("accounts", () => {
  test("a shopper signs up, buys, and lands on My orders with the order paid", async ({ page, createProduct, stockOf }) => {
    const p = await createProduct([{ size: "XL", color: "Sand", quantity: 4 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    const email = `shopper-${test.info().project.name}-${Date.now()}@example.com`;
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Martina");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Hi, Martina")).toBeVisible();

    await addToCart(page, p.slug, 1);
    await confirmOrder(page);
    await expect(page).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await page.getByRole("button", { name: "Approve payment" }).click();

    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole("heading", { level: 1, name: "My orders" })).toBeVisible();
    const card = page.getByTestId("order-card").filter({ hasText: p.name });
    await expect(card).toContainText(/paid/i);
    await page.screenshot({ path: test.info().outputPath("my-orders.png"), fullPage: true });
    expect(await stockOf(variant.id)).toBe(3);
  });
});

test.describe("pending payments and returning shoppers", () => {
  test("a payment left pending lands on the order page saying it is being confirmed", async ({ page, createProduct, stockOf }) => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 2 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    await addToCart(page, p.slug);
    await confirmOrder(page);
    await expect(page).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await page.getByRole("button", { name: "Leave pending" }).click();

    await expect(page).toHaveURL(/\/orders\/\d+\?token=/);
    await expect(page.getByText("Payment being confirmed").first()).toBeVisible();
    // Nothing is sold until Mercado Pago approves.
    expect(await stockOf(variant.id)).toBe(2);
  });

  test("signing in merges the guest cart into the account's cart, clamped to stock, and says so", async ({ page, browser, createProduct, setStock }) => {
    const p = await createProduct([
      { size: "S", color: "Black", quantity: 5 },
      { size: "M", color: "Black", quantity: 5 },
    ]);
    const email = `returning-${test.info().project.name}-${Date.now()}@example.com`;
    const password = "correct horse battery";

    // The account exists already, with one tee in its cart.
    const other = await browser.newContext();
    const accountPage = await other.newPage();
    await accountPage.goto("/sign-up");
    await accountPage.getByLabel("Name").fill("Sofía");
    await accountPage.getByLabel("Email").fill(email);
    await accountPage.getByLabel("Password").fill(password);
    await accountPage.getByRole("button", { name: "Create account" }).click();
    await expect(accountPage.getByText("Hi, Sofía")).toBeVisible();
    await addToCart(accountPage, `${p.slug}?color=Black&size=S`, 2);
    await other.close();

    // As a guest on another device: three of the same tee and one M.
    await addToCart(page, `${p.slug}?color=Black&size=S`, 3);
    await addToCart(page, `${p.slug}?color=Black&size=M`, 1);
    const small = p.variants[0];
    if (!small) throw new Error("variant missing");
    await setStock(small.id, 4);

    await page.goto("/sign-in?next=/cart");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Wrong email or password.")).toBeVisible();
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByText("Hi, Sofía")).toBeVisible();
    await expect(page.getByTestId("stock-notices")).toContainText(`${p.name} (S, Black): only 4 left, so we lowered your quantity from 5 to 4.`);
    await expect(page.getByTestId("cart-count")).toHaveText("5");
  });
});
