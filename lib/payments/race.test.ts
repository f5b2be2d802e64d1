import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { order, payment } from "@/db/schema";
import { addToCart, getCart } from "@/lib/cart";
import { confirmOrder } from "@/lib/checkout";
import { setClockOffset } from "@/lib/clock";
import { createProduct, guest } from "@/test/factories";
import { whenIdle } from "@/lib/jobs/kick";
import { ledgerDiscrepancies } from "@/lib/stock";
import { finalizePayment } from "./finalize";
import { processDueRefunds } from "./refunds";
import { confirmed, contact, stockOf, startMercadoPagoForTests } from "./test-support";

const mercadoPago = startMercadoPagoForTests();
const HOUR = 60 * 60 * 1000;
const K = 3;
const N = 8;

async function scarceVariant() {
  const product = await createProduct([{ size: "M", color: "Black", quantity: K }]);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  return variant;
}

/** N shoppers, each with their own guest cart holding one unit (nothing is held yet, so all can add). */
async function shoppers(variantId: number) {
  const owners = Array.from({ length: N }, () => guest());
  for (const owner of owners) {
    const added = await addToCart(owner, variantId, 1);
    if (!added.ok) throw new Error(added.message);
  }
  return owners;
}

async function payAndFinalize(preferenceId: string) {
  const paid = await mercadoPago().standIn.pay(preferenceId, "approved", { notify: false });
  return { mercadoPagoId: paid.id, result: await finalizePayment(String(paid.id)) };
}

describe("many shoppers, few units", () => {
  it("sells exactly the units on hand: holds refuse the rest at confirm", async () => {
    const variant = await scarceVariant();
    const owners = await shoppers(variant.id);

    const outcomes = await Promise.all(owners.map(async (owner, i) => {
      const result = await confirmOrder(owner, contact({ email: `shopper${i}@example.com` }));
      if (!result.ok) return result.reason;
      const [row] = await db.select({ preferenceId: payment.preferenceId }).from(payment).where(eq(payment.id, result.paymentId));
      return (await payAndFinalize(row?.preferenceId ?? "")).result.outcome;
    }));

    expect(outcomes.filter((o) => o === "approved")).toHaveLength(K);
    expect(outcomes.filter((o) => o === "shortfall")).toHaveLength(N - K);
    expect(await stockOf(variant.id)).toBe(0);
    const cartIds = await Promise.all(owners.map(async (owner) => (await getCart(owner))?.id ?? 0));
    const orders = await db.select({ status: order.status }).from(order).where(inArray(order.cartId, cartIds));
    expect(orders.map((o) => o.status)).toEqual(Array(K).fill("paid"));
    expect(await ledgerDiscrepancies()).toEqual([]);
  });

  it("when expired holds let more shoppers get links than there are units, pays exactly K and refunds the rest", async () => {
    const variant = await scarceVariant();
    const owners = await shoppers(variant.id);
    // Three waves an hour apart: each wave finds the previous wave's holds expired.
    // Mercado Pago keeps its own (real) clock, so every link is still payable afterwards.
    const waves = [owners.slice(0, 3), owners.slice(3, 6), owners.slice(6)];
    const links = [];
    for (const [i, wave] of waves.entries()) {
      setClockOffset(i * (HOUR + 60_000));
      for (const owner of wave) links.push(await confirmed(owner));
    }
    expect(links).toHaveLength(N);

    const results = await Promise.all(links.map((link) => payAndFinalize(link.preferenceId)));

    expect(results.filter((r) => r.result.outcome === "approved")).toHaveLength(K);
    // Each refund was recorded before finalize answered; Mercado Pago confirms them after.
    expect(results.filter((r) => ["refund_pending", "refunded"].includes(r.result.outcome))).toHaveLength(N - K);
    await whenIdle();
    await processDueRefunds();
    expect(await stockOf(variant.id)).toBe(0);
    const orders = await db.select({ status: order.status }).from(order).where(inArray(order.id, links.map((l) => l.orderId)));
    expect(orders.filter((o) => o.status === "paid")).toHaveLength(K);
    expect(orders.filter((o) => o.status === "refunded")).toHaveLength(N - K);
    const atMercadoPago = mercadoPago().standIn.payments().filter((p) => results.some((r) => r.mercadoPagoId === p.id));
    expect(atMercadoPago.filter((p) => p.status === "refunded")).toHaveLength(N - K);
    expect(atMercadoPago.filter((p) => p.status === "approved")).toHaveLength(K);
    // The last wave's holds were still valid: those shoppers are among the paid.
    const lastWave = results.slice(6).map((r) => r.result.outcome);
    expect(lastWave).toEqual(["approved", "approved"]);
    expect(await ledgerDiscrepancies()).toEqual([]);
  });

  it("when lapsed holds are paid while new shoppers confirm, every live hold is paid and only lapsed ones are refunded", async () => {
    const variant = await scarceVariant();
    const owners = await shoppers(variant.id);
    const late = owners.slice(0, K);
    const lateLinks = [];
    for (const owner of late) lateLinks.push(await confirmed(owner));
    // An hour on, their holds have lapsed: their approvals claim free units, as the new confirms do.
    setClockOffset(HOUR + 60_000);

    const [lateResults, newcomers] = await Promise.all([
      Promise.all(lateLinks.map((link) => payAndFinalize(link.preferenceId))),
      Promise.all(owners.slice(K).map(async (owner, i) => {
        const result = await confirmOrder(owner, contact({ email: `newcomer${i}@example.com` }));
        if (!result.ok) return result.reason;
        const [row] = await db.select({ preferenceId: payment.preferenceId }).from(payment).where(eq(payment.id, result.paymentId));
        return (await payAndFinalize(row?.preferenceId ?? "")).result.outcome;
      })),
    ]);

    // A newcomer with a link held live units: it is paid, never refunded.
    expect(newcomers.filter((o) => o !== "shortfall").every((o) => o === "approved")).toBe(true);
    const lateOutcomes = lateResults.map((r) => r.result.outcome);
    expect(lateOutcomes.every((o) => ["approved", "refund_pending", "refunded"].includes(o))).toBe(true);
    expect([...newcomers, ...lateOutcomes].filter((o) => o === "approved")).toHaveLength(K);
    expect(await stockOf(variant.id)).toBe(0);
    expect(await ledgerDiscrepancies()).toEqual([]);
  });
});
