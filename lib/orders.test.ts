import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { order, type Payment } from "@/db/schema";
import { createOrder, createUser } from "@/test/orders";
import { now } from "./clock";
import { getOrderForViewer, listOrders, orderDisplayStatus, statusWithNotice } from "./orders";

describe("getOrderForViewer", () => {
  it("shows the owner their order with its lines, total and shipping", async () => {
    const userId = await createUser();
    const { id } = await createOrder({ userId });
    const found = await getOrderForViewer(id, { userId });
    expect(found).toMatchObject({
      id, status: "paid", totalMinor: 3_000_000, currency: "ARS", email: "ana@example.com",
      shipping: { fullName: "Ana Pérez", address: "Av. Corrientes 1234", city: "Buenos Aires", postalCode: "C1043" },
      payLink: null,
    });
    expect(found?.lines.map((l) => [l.size, l.color, l.quantity, l.lineTotalMinor])).toEqual([["M", "Navy", 2, 2_000_000], ["L", "Sand", 1, 1_000_000]]);
  });

  it("shows the delivery details and the shipping line of an order placed with them", async () => {
    const { id, token } = await createOrder();
    await db.update(order).set({ province: "X", phone: "0351 423-4567", taxId: "20123456786", shippingZone: "centro", shippingMinor: 690_000, totalMinor: 3_690_000 }).where(eq(order.id, id));
    expect(await getOrderForViewer(id, { token })).toMatchObject({
      totalMinor: 3_690_000,
      shippingMinor: 690_000,
      shipping: { province: "Córdoba", phone: "0351 423-4567", taxId: "20-12345678-6" },
    });
    // Orders from before checkout asked for a province have no shipping line to show.
    const older = await createOrder();
    expect(await getOrderForViewer(older.id, { token: older.token })).toMatchObject({ shippingMinor: null, shipping: { province: null, phone: null, taxId: null } });
  });

  it("opens with the token from the link, for a guest's order and a user's order alike", async () => {
    const guestOrder = await createOrder();
    expect(await getOrderForViewer(guestOrder.id, { token: guestOrder.token })).toMatchObject({ id: guestOrder.id });
    const userOrder = await createOrder({ userId: await createUser() });
    expect(await getOrderForViewer(userOrder.id, { userId: null, token: userOrder.token })).toMatchObject({ id: userOrder.id });
  });

  it("hides the order from another user, a wrong token, no token, and an id that does not exist", async () => {
    const owner = await createUser();
    const other = await createUser();
    const mine = await createOrder({ userId: owner });
    const guestOrder = await createOrder();
    expect(await getOrderForViewer(mine.id, { userId: other })).toBeNull();
    expect(await getOrderForViewer(mine.id, { userId: other, token: guestOrder.token })).toBeNull();
    expect(await getOrderForViewer(guestOrder.id, { token: "x".repeat(43) })).toBeNull();
    expect(await getOrderForViewer(guestOrder.id, {})).toBeNull();
    expect(await getOrderForViewer(guestOrder.id, { userId: owner })).toBeNull();
    expect(await getOrderForViewer(2_000_000_000, { token: guestOrder.token })).toBeNull();
    expect(await getOrderForViewer(99_999_999_999, { userId: owner })).toBeNull();
  });

  it("offers the Mercado Pago link only while it is valid", async () => {
    const payable = await createOrder({ status: "pending_payment" });
    expect(await getOrderForViewer(payable.id, { token: payable.token })).toMatchObject({
      status: "awaiting_payment", payLink: "http://mp.test/checkout?pref=1",
    });
    const lapsed = await createOrder({ status: "pending_payment", payment: { expiresAt: new Date(now().getTime() - 1000) } });
    expect(await getOrderForViewer(lapsed.id, { token: lapsed.token })).toMatchObject({ status: "expired", payLink: null });
    const confirming = await createOrder({ status: "pending_payment", payment: { status: "pending" } });
    expect(await getOrderForViewer(confirming.id, { token: confirming.token })).toMatchObject({ status: "confirming", payLink: null });
  });
});

describe("listOrders", () => {
  it("lists only the user's orders, newest first, with their lines", async () => {
    const userId = await createUser();
    const older = await createOrder({ userId, createdAt: new Date(now().getTime() - 86_400_000) });
    const newer = await createOrder({ userId, status: "pending_payment", payment: { status: "pending" } });
    await createOrder({ userId: await createUser() });
    await createOrder();

    const orders = await listOrders(userId);

    expect(orders.map((o) => [o.id, o.status, o.lines.length])).toEqual([[newer.id, "confirming", 2], [older.id, "paid", 2]]);
  });

  it("is empty for a user without orders", async () => {
    expect(await listOrders(await createUser())).toEqual([]);
  });
});

describe("order status shown to the shopper", () => {
  const at = new Date("2025-01-01T12:00:00Z");
  const later = new Date("2025-01-01T13:00:00Z");
  const earlier = new Date("2025-01-01T11:00:00Z");
  const pay = (status: Payment["status"], expiresAt = later) => ({ status, expiresAt, initPoint: "http://mp.test" });

  it.each([
    ["paid", pay("approved"), "paid"],
    ["refund_pending", pay("approved"), "refunding"],
    ["superseded", pay("superseded"), "replaced"],
    ["pending_payment", pay("superseded"), "replaced"],
    ["refunded", pay("refunded"), "refunded"],
    ["cancelled", pay("refunded"), "cancelled"],
    ["cancelled", pay("approved"), "cancelled"],
    ["expired", pay("expired"), "expired"],
    ["pending_payment", pay("created"), "awaiting_payment"],
    ["pending_payment", pay("created", earlier), "expired"],
    ["pending_payment", pay("pending", earlier), "confirming"],
    ["pending_payment", pay("approved"), "confirming"],
    ["pending_payment", pay("rejected"), "rejected"],
    ["pending_payment", pay("expired"), "expired"],
    ["pending_payment", null, "expired"],
  ] as const)("order %s with payment %o reads %s", (status, latest, expected) => {
    expect(orderDisplayStatus(status, latest, at)).toBe(expected);
  });

  it("?notice=confirming changes only an order still awaiting payment", () => {
    expect(statusWithNotice("awaiting_payment", "confirming")).toBe("confirming");
    expect(statusWithNotice("paid", "confirming")).toBe("paid");
    expect(statusWithNotice("expired", "confirming")).toBe("expired");
    expect(statusWithNotice("awaiting_payment", "something")).toBe("awaiting_payment");
  });
});
