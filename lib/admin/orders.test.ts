import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { order, stockHold } from "@/db/schema";
import { now } from "@/lib/clock";
import { recordOrderEvents } from "@/lib/order-events";
import { createOrder, createStaff } from "@/test/orders";
import { fulfilmentQueue, getOrderForStaff, listOrdersForStaff, parseOrderFilters } from "./orders";

const uniqueEmail = () => `buyer-${randomBytes(5).toString("hex")}@example.com`;
const at = (iso: string) => new Date(iso);

describe("the order list's query string", () => {
  it("keeps every valid filter", () => {
    expect(parseOrderFilters({ status: "paid", fulfilment: "packed", from: "2025-03-01", to: "2025-03-31", q: "#1042", after: "77" })).toEqual({
      filters: { status: "paid", fulfilment: "packed", from: "2025-03-01", to: "2025-03-31", q: "#1042", after: 77 },
      notices: [],
    });
  });

  it("drops each invalid filter with a notice and ignores empty ones", () => {
    const { filters, notices } = parseOrderFilters({
      status: "bogus", fulfilment: "", from: "2025-02-30", to: ["2025-03-31", "x"], q: "ana", after: "99999999999", before: "-1",
    });
    expect(filters).toEqual({ to: "2025-03-31" });
    expect(notices).toEqual([
      "Ignored the status “bogus”: it is not valid.",
      "Ignored the start date “2025-02-30”: it is not valid.",
      "Ignored the search “ana”: search by order number or by the buyer's full email address.",
      "Ignored the page “99999999999”: it is not valid.",
      "Ignored the page “-1”: it is not valid.",
    ]);
  });

  it("drops a date range that ends before it starts", () => {
    expect(parseOrderFilters({ from: "2025-04-02", to: "2025-04-01" })).toEqual({
      filters: {}, notices: ["Ignored the dates: 2025-04-02 is after 2025-04-01."],
    });
  });

  it("drops dates neither PostgreSQL nor the shop's calendar can hold, and the list still loads", async () => {
    const { filters, notices } = parseOrderFilters({ from: "0000-01-01", to: "9999-12-31" });
    expect(filters).toEqual({});
    expect(notices).toEqual([
      "Ignored the start date “0000-01-01”: it is not valid.",
      "Ignored the end date “9999-12-31”: it is not valid.",
    ]);
    expect(parseOrderFilters({ from: "2000-01-01", to: "2999-12-31" }).notices).toEqual([]);
    await expect(listOrdersForStaff({ from: "2000-01-01", to: "2999-12-31" })).resolves.toBeDefined();
  });

  it("reads an email case-insensitively and an order number beyond the integer range as invalid", () => {
    expect(parseOrderFilters({ q: " Ana@Example.com " }).notices).toEqual([]);
    expect(parseOrderFilters({ q: "2147483648" }).notices).toHaveLength(1);
  });
});

describe("listOrdersForStaff", () => {
  it("filters by buyer email, order number, status, fulfilment and placement date in the shop's time zone", async () => {
    const email = uniqueEmail();
    // 2025-05-01 00:30 in Buenos Aires is 03:30 UTC; 2025-04-30 23:30 there is 2025-05-01 02:30 UTC.
    const lateApril = await createOrder({ email, createdAt: at("2025-05-01T02:30:00Z") });
    const mayFirst = await createOrder({ email, createdAt: at("2025-05-01T03:30:00Z"), status: "pending_payment" });
    const mayTenth = await createOrder({ email, createdAt: at("2025-05-10T15:00:00Z") });
    await db.update(order).set({ fulfilment: "packed" }).where(eq(order.id, mayTenth.id));
    await createOrder({ email: uniqueEmail(), createdAt: at("2025-05-02T12:00:00Z") });

    const ids = async (filters: Parameters<typeof listOrdersForStaff>[0]) => (await listOrdersForStaff(filters)).orders.map((o) => o.id);
    expect(await ids({ q: email.toUpperCase() })).toEqual([mayTenth.id, mayFirst.id, lateApril.id]);
    expect(await ids({ q: `#${mayFirst.id}` })).toEqual([mayFirst.id]);
    expect(await ids({ q: email, status: "paid" })).toEqual([mayTenth.id, lateApril.id]);
    expect(await ids({ q: email, fulfilment: "packed" })).toEqual([mayTenth.id]);
    expect(await ids({ q: email, from: "2025-05-01", to: "2025-05-01" })).toEqual([mayFirst.id]);
    expect(await ids({ q: email, to: "2025-04-30" })).toEqual([lateApril.id]);
    expect(await ids({ q: email, from: "2025-05-02" })).toEqual([mayTenth.id]);
  });

  it("pages newest first by keyset, forwards and back, through orders placed in the same microsecond", async () => {
    const email = uniqueEmail();
    const placed = [];
    for (const day of [1, 2, 3]) placed.push({ ...(await createOrder({ email, createdAt: at(`2025-06-0${day}T09:00:00Z`) })), time: day });
    const sameInstant = [];
    for (let i = 0; i < 4; i++) sameInstant.push(await createOrder({ email }));
    // Microseconds a JS Date cannot hold: the cursor must be compared inside PostgreSQL.
    await db.update(order).set({ createdAt: sql`'2025-06-04T12:00:00.123456Z'::timestamptz` }).where(inArray(order.id, sameInstant.map((o) => o.id)));
    placed.push(...sameInstant.map((o) => ({ ...o, time: 4 })));
    const newestFirst = placed.sort((a, b) => b.time - a.time || b.id - a.id).map((o) => o.id);
    const page = async (cursor: { after?: number | null; before?: number | null }) =>
      listOrdersForStaff({ q: email, after: cursor.after ?? undefined, before: cursor.before ?? undefined }, 3);

    const first = await page({});
    expect(first.orders.map((o) => o.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.newerCursor).toBeNull();
    const second = await page({ after: first.olderCursor });
    expect(second.orders.map((o) => o.id)).toEqual(newestFirst.slice(3, 6));
    const third = await page({ after: second.olderCursor });
    expect(third.orders.map((o) => o.id)).toEqual(newestFirst.slice(6));
    expect(third.olderCursor).toBeNull();

    const back = await page({ before: third.newerCursor });
    expect(back.orders.map((o) => o.id)).toEqual(newestFirst.slice(3, 6));
    const backAgain = await page({ before: back.newerCursor });
    expect(backAgain.orders.map((o) => o.id)).toEqual(newestFirst.slice(0, 3));
    expect(backAgain.newerCursor).toBeNull();
  });

  it("shows each order's number, date, buyer, total, payment status and fulfilment", async () => {
    const email = uniqueEmail();
    const { id } = await createOrder({ email });
    expect((await listOrdersForStaff({ q: email })).orders).toEqual([{
      id, createdAt: expect.any(Date), email, fullName: "Ana Pérez", totalMinor: 3_000_000, currency: "ARS", status: "paid", fulfilment: "unfulfilled",
    }]);
  });
});

describe("the overview's counts", () => {
  it("counts paid orders to pack and packed orders to ship", async () => {
    const before = await fulfilmentQueue();
    await createOrder();
    const packed = await createOrder();
    await db.update(order).set({ fulfilment: "packed" }).where(eq(order.id, packed.id));
    const shipped = await createOrder();
    await db.update(order).set({ fulfilment: "shipped" }).where(eq(order.id, shipped.id));
    await createOrder({ status: "pending_payment" });

    expect(await fulfilmentQueue()).toEqual({ toPack: before.toPack + 1, toShip: before.toShip + 1 });
  });
});

describe("getOrderForStaff", () => {
  it("gathers lines, payments with their Mercado Pago ids, active holds and the timeline with who did what", async () => {
    const staff = await createStaff();
    const { id } = await createOrder({ status: "pending_payment", payment: { status: "pending" } });
    const detail0 = await getOrderForStaff(id);
    const [m, l] = detail0?.lines ?? [];
    if (!m || !l) throw new Error("lines missing");
    await db.insert(stockHold).values([
      { orderId: id, itemStockId: m.variantId, quantity: 2, expiresAt: new Date(now().getTime() + 60_000) },
      { orderId: id, itemStockId: l.variantId, quantity: 1, expiresAt: new Date(now().getTime() - 60_000) },
    ]);
    await recordOrderEvents(db, [id], "confirmed");
    await recordOrderEvents(db, [id], "packed", { staffUserId: staff.id });

    const detail = await getOrderForStaff(id);

    expect(detail?.lines.map((line) => [line.productName.startsWith("Test Tee"), line.size, line.color, line.quantity])).toEqual([
      [true, "M", "Navy", 2], [true, "L", "Sand", 1],
    ]);
    expect(detail?.payments).toMatchObject([{ status: "pending", amountMinor: 3_000_000, mercadoPagoPaymentId: null }]);
    expect(detail?.holds).toEqual([{ variantId: m.variantId, quantity: 2, expiresAt: expect.any(Date) }]);
    expect(detail?.timeline.map((e) => [e.kind, e.staffEmail])).toEqual([["confirmed", null], ["packed", staff.email]]);
    expect(detail?.can).toEqual({ pack: false, ship: false, cancel: false });
  });

  it("is null for an order that does not exist", async () => {
    expect(await getOrderForStaff(2_000_000_000)).toBeNull();
  });
});
