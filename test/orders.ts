import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { order, orderItem, payment, users, type Order, type Payment } from "@/db/schema";
import { now } from "@/lib/clock";
import { enqueuePurchaseEmail } from "@/lib/email/outbox";
import { hashAccessToken, orderAccessToken } from "@/lib/order-access";
import { createProduct } from "./factories";

export async function createUser(name = "Ana Pérez"): Promise<string> {
  const [row] = await db.insert(users).values({ name, email: `user-${randomBytes(5).toString("hex")}@example.com` }).returning();
  if (!row) throw new Error("user not created");
  return row.id;
}

/** A staff member, as the audit and the timeline name them. */
export async function createStaff(): Promise<{ id: string; email: string }> {
  const email = `staff-${randomBytes(5).toString("hex")}@percha.test`;
  const [row] = await db.insert(users).values({ name: "Staff", email, role: "staff" }).returning();
  if (!row) throw new Error("staff not created");
  return { id: row.id, email };
}

export type TestOrderOptions = {
  userId?: string | null;
  status?: Order["status"];
  email?: string;
  createdAt?: Date;
  productName?: string;
  /** The language it was placed in; English unless given, as lib/ functions default to. */
  locale?: "es" | "en";
  /** The order's one payment; null for none. */
  payment?: Partial<Pick<Payment, "status" | "expiresAt" | "initPoint">> | null;
};

/**
 * An order as checkout leaves it, written straight to the tables: two lines
 * (2 × M Navy, 1 × L Sand at $10.000,00), a payment and the token hash.
 */
export async function createOrder(options: TestOrderOptions = {}): Promise<{ id: number; token: string; productName: string }> {
  const p = await createProduct([{ size: "M", color: "Navy", quantity: 5 }, { size: "L", color: "Sand", quantity: 5 }], 1_000_000);
  const [m, l] = p.variants;
  if (!m || !l) throw new Error("variants missing");
  const productName = options.productName ?? p.name;
  const [row] = await db.insert(order).values({
    userId: options.userId ?? null, status: options.status ?? "paid", email: options.email ?? "ana@example.com",
    fullName: "Ana Pérez", address: "Av. Corrientes 1234", city: "Buenos Aires", postalCode: "C1043",
    totalMinor: 3_000_000, accessTokenHash: "set below", cartFingerprint: "test", createdAt: options.createdAt ?? now(),
    locale: options.locale ?? "en",
  }).returning({ id: order.id });
  if (!row) throw new Error("order not created");
  const token = orderAccessToken(row.id);
  await db.update(order).set({ accessTokenHash: hashAccessToken(token) }).where(eq(order.id, row.id));
  const line = { orderId: row.id, productName, productSlug: p.slug, image: "/products/classic-tee.svg", unitPriceMinor: 1_000_000 };
  await db.insert(orderItem).values([
    { ...line, itemStockId: m.id, size: "M", color: "Navy", quantity: 2 },
    { ...line, itemStockId: l.id, size: "L", color: "Sand", quantity: 1 },
  ]);
  if (options.payment !== null) {
    await db.insert(payment).values({
      orderId: row.id, shopperKey: `order:${row.id}`, amountMinor: 3_000_000, status: "created",
      initPoint: "http://mp.test/checkout?pref=1", expiresAt: new Date(now().getTime() + 3_600_000), ...options.payment,
    });
  }
  return { id: row.id, token, productName };
}

/** Puts an order's purchase email in the outbox, reading the order and its lines as finalize does. */
export async function enqueuePurchaseEmailOf(tx: Transaction, orderId: number): Promise<void> {
  const [paid] = await tx.select().from(order).where(eq(order.id, orderId));
  if (!paid) throw new Error(`no order ${orderId}`);
  await enqueuePurchaseEmail(tx, paid, await tx.select().from(orderItem).where(eq(orderItem.orderId, orderId)).orderBy(asc(orderItem.id)));
}
