import { randomInt } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_MERCADOPAGO_URL } from "./ports";
import { buyOne } from "./shop";
import { signInAsStaff } from "./staff";

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true, scale: "css" });

test.describe("orders in the back office", () => {
  // Two people's journeys each, on a shared machine: give them room.
  test.slow();

  test("staff packs and ships a paid order; the buyer gets the shipped email and sees the tracking number", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "M", color: "Black", quantity: 3 }]);
    const email = `ship-${test.info().project.name}-${Date.now()}@example.com`;
    const { orderId, buyerUrl } = await buyOne(page, p.slug, email);

    await signInAsStaff(page, "/admin");
    await shot(page, "overview");
    await page.getByRole("link", { name: /paid orders to pack/ }).click();
    await expect(page).toHaveURL(/status=paid&fulfilment=unfulfilled/);
    await page.getByLabel("Order number or email").fill(email);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/q=ship-/);
    await shot(page, "orders-list");
    await page.getByRole("link", { name: `#${orderId}`, exact: true }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order #${orderId}`);
    await expect(page.getByText(p.name).first()).toBeVisible();
    await page.getByRole("button", { name: "Mark packed" }).click();
    await expect(page.getByRole("button", { name: "Mark shipped" })).toBeVisible();
    await page.getByRole("button", { name: "Mark shipped" }).click();
    await expect(page.getByText("Enter the carrier, like Correo Argentino")).toBeVisible();
    await page.getByLabel("Carrier").fill("Andreani");
    await page.getByLabel("Tracking number").fill("an 3600 0012 34");
    await page.getByRole("button", { name: "Mark shipped" }).click();
    await expect(page.getByTestId("admin-tracking")).toHaveText("AN3600001234");
    await expect(page.getByRole("button", { name: "Mark shipped" })).toHaveCount(0);
    await expect(page.getByText(/Shipped — Andreani · AN3600001234 · by staff@percha\.shop/)).toBeVisible();
    await shot(page, "order-shipped");

    await page.goto("/dev/emails");
    await page.getByRole("link", { name: `Your Percha order #${orderId} has shipped` }).click();
    // The email as the buyer sees it, in a frame of its own policy (inline styles, no script).
    await expect(page.frameLocator('iframe[title^="Email:"]').getByText("AN3600001234")).toBeVisible();

    await page.goto(buyerUrl);
    await expect(page.getByRole("heading", { name: "Your order is on its way" })).toBeVisible();
    await expect(page.getByTestId("tracking-number")).toHaveText("AN3600001234");
    await shot(page, "buyer-shipped");
  });

  test("staff cancels a paid order without JavaScript: the stand-in records the refund and the stock comes back", async ({ browser, page: shopper, createProduct, stockOf, database }) => {
    const p = await createProduct([{ size: "L", color: "Sand", quantity: 2 }]);
    const variant = p.variants[0];
    if (!variant) throw new Error("variant missing");
    const { orderId, buyerUrl } = await buyOne(shopper, p.slug, `cancel-${test.info().project.name}-${Date.now()}@example.com`);
    expect(await stockOf(variant.id)).toBe(1);

    // The staff member's browser runs no script: every form must work as plain HTML.
    const { baseURL, viewport, userAgent, isMobile, hasTouch, deviceScaleFactor } = test.info().project.use;
    const staffContext = await browser.newContext({ baseURL, viewport, userAgent, isMobile, hasTouch, deviceScaleFactor, javaScriptEnabled: false });
    const page = await staffContext.newPage();
    await signInAsStaff(page, `/admin/orders/${orderId}`);
    await page.getByRole("button", { name: "Cancel order and refund" }).click();
    await expect(page.getByText("Tick the box to confirm the cancellation and refund")).toBeVisible();
    await page.getByLabel("Reason (optional, kept on the timeline)").fill("The buyer asked by phone");
    await page.getByLabel(/Cancel order #\d+, refund/).check();
    await page.getByRole("button", { name: "Cancel order and refund" }).click();
    await expect(page.getByRole("status").getByText("Cancelled")).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel order and refund" })).toHaveCount(0);
    await expect.poll(() => stockOf(variant.id)).toBe(2);

    const { rows } = await database.query<{ id: string }>("select mercado_pago_payment_id as id from payment where order_id = $1 and mercado_pago_payment_id is not null", [orderId]);
    const paymentId = Number(rows[0]?.id);
    await expect.poll(async () => {
      const payments = (await (await fetch(`${E2E_MERCADOPAGO_URL}/__control/payments`)).json()) as Array<{ id: number; status: string; refunds: unknown[] }>;
      const paid = payments.find((payment) => payment.id === paymentId);
      return [paid?.status, paid?.refunds.length];
    }).toEqual(["refunded", 1]);

    await page.reload();
    await expect(page.getByText("Refunded by Mercado Pago")).toBeVisible();
    await shot(page, "order-cancelled");
    await staffContext.close();
    await shopper.goto(buyerUrl);
    await expect(shopper.getByRole("heading", { name: "This order was cancelled" })).toBeVisible();
    await expect(shopper.getByText("We cancelled this order and refunded your payment in full.")).toBeVisible();
  });

  test("staff resolves by hand a payment that matched no order", async ({ page, database }) => {
    const mercadoPagoPaymentId = String(8_000_000_000 + randomInt(100_000_000));
    const { rows } = await database.query<{ id: string }>(
      "insert into refund (mercado_pago_payment_id, reason, amount_minor, currency, attempts, last_error) values ($1, 'unmatched', 1250000, 'ARS', 3, '404 payment not found') returning id",
      [mercadoPagoPaymentId],
    );
    const refundId = rows[0]?.id;

    await signInAsStaff(page, "/admin/money");
    await expect(page.getByRole("heading", { name: /Refunds Mercado Pago has not accepted/ })).toBeVisible();
    await shot(page, "money-queue");
    await page.getByRole("link", { name: mercadoPagoPaymentId }).click();
    await expect(page).toHaveURL(`/admin/money/${refundId}`);

    await page.getByRole("button", { name: "Mark resolved by hand" }).click();
    await expect(page.getByText("Say what was done, in a few words")).toBeVisible();
    await page.getByLabel("How was it settled?").fill("Transferred back to the payer by bank, ref 991");
    await page.getByRole("button", { name: "Mark resolved by hand" }).click();
    await expect(page.getByRole("status").getByText("Resolved by hand")).toBeVisible();
    await expect(page.getByText(/by staff@percha\.shop: Transferred back to the payer by bank, ref 991/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Retry now" })).toHaveCount(0);
    await shot(page, "money-resolved");
  });
});
