// Shared by the checkout and payment tests: a Mercado Pago stand-in the app's
// own SDK calls reach, a webhook sink, and shoppers with carts.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll } from "vitest";
import { db } from "@/db/client";
import { emailOutbox, itemStock, order, payment, refund, stockHold, users } from "@/db/schema";
import { startMercadoPagoStandIn, type MercadoPagoStandIn } from "@/e2e/stand-ins/mercadopago";
import { addToCart, type CartOwner } from "@/lib/cart";
import { confirmOrder, contactSchema, type Contact } from "@/lib/checkout";
import { setClockOffset } from "@/lib/clock";
import { DEMO_MERCADOPAGO_ACCESS_TOKEN, DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "@/lib/env";
import { createProduct, guest } from "@/test/factories";
import { setMercadoPagoRequestOptions } from "./mercadopago";

// Generous enough for a loaded machine; tests of a hanging Mercado Pago shorten the timeout themselves.
export const TEST_REQUEST_OPTIONS = { timeout: 3000, maxRetries: 1, initialDelay: 10, maxDelay: 10 };

export type Hook = { url: URL; headers: IncomingHttpHeaders; body: string };

export type Harness = { standIn: MercadoPagoStandIn; hooks: Hook[] };

/**
 * Starts the stand-in and a webhook sink for one test file, and points the
 * app at them before env() is first read. Retries are quick but still on.
 */
export function startMercadoPagoForTests(): () => Harness {
  let harness: Harness | undefined;
  let sink: Server | undefined;
  beforeAll(async () => {
    const standIn = await startMercadoPagoStandIn({ accessToken: DEMO_MERCADOPAGO_ACCESS_TOKEN, webhookSecret: DEMO_MERCADOPAGO_WEBHOOK_SECRET });
    const hooks: Hook[] = [];
    sink = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        hooks.push({ url: new URL(req.url ?? "/", "http://sink"), headers: req.headers, body });
        res.writeHead(200).end("ok");
      });
    });
    const server = sink;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.MERCADOPAGO_API_URL = standIn.url;
    process.env.APP_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    setMercadoPagoRequestOptions(TEST_REQUEST_OPTIONS);
    harness = { standIn, hooks };
  });
  afterEach(() => {
    harness?.standIn.failNext(0);
    setMercadoPagoRequestOptions(TEST_REQUEST_OPTIONS);
    setClockOffset(0);
  });
  afterAll(async () => {
    await harness?.standIn.close();
    sink?.closeAllConnections();
    await new Promise((resolve) => sink?.close(resolve));
  });
  return () => {
    if (!harness) throw new Error("the Mercado Pago stand-in is not running");
    return harness;
  };
}

export function contact(overrides: Partial<Contact> = {}): Contact {
  return contactSchema.parse({
    email: "ana@example.com",
    fullName: "Ana Pérez",
    address: "Av. Corrientes 1234",
    city: "Buenos Aires",
    province: "C",
    postalCode: "C1043AAZ",
    phone: "+54 9 11 4321-5678",
    ...overrides,
  });
}

export async function signedInUser(): Promise<{ userId: string }> {
  const [user] = await db.insert(users).values({ email: `u-${randomUUID()}@example.com`, name: "Test User" }).returning({ id: users.id });
  if (!user) throw new Error("user not created");
  return { userId: user.id };
}

/** A product of its own with one variant of `stock` units, and a guest cart holding `quantity` of it. */
export async function cartWith(stock: number, quantity: number, owner: CartOwner = guest(), priceMinor?: number) {
  const product = await createProduct([{ size: "M", color: "Black", quantity: stock }], priceMinor);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  const added = await addToCart(owner, variant.id, quantity);
  if (!added.ok) throw new Error(added.message);
  return { owner, product, variant };
}

/** Confirms and returns the created order, payment and its stand-in preference id. */
export async function confirmed(owner: CartOwner, details: Contact = contact()) {
  const result = await confirmOrder(owner, details);
  if (!result.ok) throw new Error(`confirm failed: ${result.message}`);
  const [row] = await db.select().from(payment).where(eq(payment.id, result.paymentId));
  if (!row?.preferenceId) throw new Error("payment has no preference");
  return { ...result, preferenceId: row.preferenceId, amountMinor: row.amountMinor };
}

export async function stockOf(variantId: number): Promise<number> {
  const [row] = await db.select({ quantity: itemStock.quantity }).from(itemStock).where(eq(itemStock.id, variantId));
  return row?.quantity ?? -1;
}

/** Everything finalization may change about one order, to compare before and after. */
export async function snapshot(orderId: number, variantId: number) {
  const [o] = await db.select({ status: order.status, paidAt: order.paidAt }).from(order).where(eq(order.id, orderId));
  const payments = await db
    .select({ status: payment.status, approvedAt: payment.approvedAt, mercadoPagoPaymentId: payment.mercadoPagoPaymentId })
    .from(payment)
    .where(eq(payment.orderId, orderId));
  const holds = await db.select({ quantity: stockHold.quantity }).from(stockHold).where(eq(stockHold.orderId, orderId));
  const emails = await db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
  return { order: o, payments, holds: holds.length, emails: emails.length, stock: await stockOf(variantId) };
}

/** The refunds recorded for an order, oldest first. */
export async function refundsOf(orderId: number) {
  return db.select().from(refund).where(eq(refund.orderId, orderId)).orderBy(asc(refund.createdAt));
}
