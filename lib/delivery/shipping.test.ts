import { desc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, order, payment, shippingRate, shippingSettings } from "@/db/schema";
import { confirmOrder } from "@/lib/checkout";
import { cartWith, confirmed, contact, startMercadoPagoForTests } from "@/lib/payments/test-support";
import { staffActor } from "@/test/factories";
import { setShippingForTest } from "@/test/shipping";
import { SHIPPING_ZONES, type ShippingZone } from "./provinces";
import { estimateShipping, quoteShipping, type ShippingRates } from "./shipping";
import { auditedShipping, setShippingRates, shippingRates, shippingSettingsSchema } from "./shipping-settings";

const mercadoPago = startMercadoPagoForTests();

const RATES: ShippingRates = {
  rates: { caba: 400_000, buenos_aires: 500_000, centro: 600_000, litoral: 700_000, norte: 800_000, cuyo: 0, patagonia: 900_000 },
  freeOverMinor: 5_000_000,
};

let restore: (() => Promise<void>) | undefined;
afterEach(async () => {
  await restore?.();
  restore = undefined;
});

/** The form as staff would post it: every zone in pesos, and the threshold. */
function form(rates: Partial<Record<ShippingZone, string>>, freeOver = "") {
  const fields = Object.fromEntries(SHIPPING_ZONES.map((zone) => [`rate_${zone}`, rates[zone] ?? "1000"]));
  return { ...fields, freeOver };
}

describe("the shipping line", () => {
  it("charges the flat rate of the province's zone", () => {
    expect(quoteShipping(RATES, "C", 1_000_000)).toEqual({ province: "C", zone: "caba", amountMinor: 400_000, isFreeBySubtotal: false });
    expect(quoteShipping(RATES, "X", 1_000_000)).toMatchObject({ zone: "centro", amountMinor: 600_000 });
    expect(quoteShipping(RATES, "V", 1_000_000)).toMatchObject({ zone: "patagonia", amountMinor: 900_000 });
    expect(quoteShipping(RATES, "M", 1_000_000)).toMatchObject({ zone: "cuyo", amountMinor: 0, isFreeBySubtotal: false });
  });

  it("is free from the threshold on, the boundary included, and charged one centavo below it", () => {
    expect(quoteShipping(RATES, "Q", 4_999_999)).toMatchObject({ amountMinor: 900_000, isFreeBySubtotal: false });
    expect(quoteShipping(RATES, "Q", 5_000_000)).toMatchObject({ amountMinor: 0, isFreeBySubtotal: true });
    expect(quoteShipping(RATES, "Q", 5_000_001)).toMatchObject({ amountMinor: 0, isFreeBySubtotal: true });
  });

  it("is never free by subtotal without a threshold", () => {
    expect(quoteShipping({ ...RATES, freeOverMinor: null }, "C", 999_999_999)).toMatchObject({ amountMinor: 400_000, isFreeBySubtotal: false });
  });

  it("estimates the cart's shipping before a province is chosen: from the cheapest rate, and what is missing for free shipping", () => {
    const noFreeZone = { ...RATES, rates: { ...RATES.rates, cuyo: 750_000 } };
    expect(estimateShipping(noFreeZone, 1_000_000)).toEqual({ fromMinor: 400_000, isFree: false, missingForFreeMinor: 4_000_000 });
    expect(estimateShipping(noFreeZone, 5_000_000)).toEqual({ fromMinor: 0, isFree: true, missingForFreeMinor: null });
    expect(estimateShipping({ ...noFreeZone, freeOverMinor: null }, 1_000_000)).toEqual({ fromMinor: 400_000, isFree: false, missingForFreeMinor: null });
  });
});

describe("shipping settings", () => {
  it("start with a rate for every zone and a free-shipping threshold (the migration's defaults)", async () => {
    const rates = await shippingRates();
    expect(Object.keys(rates.rates).sort()).toEqual([...SHIPPING_ZONES].sort());
    expect(Object.values(rates.rates).every((rate) => rate > 0)).toBe(true);
    expect(rates.freeOverMinor).toBeGreaterThan(0);
  });

  it("are set by staff in pesos and audited with before and after", async () => {
    restore = await setShippingForTest({});
    const before = await shippingRates();
    const staff = await staffActor();
    const input = shippingSettingsSchema.parse(form({ caba: "3.500", centro: "6500,50", cuyo: "0" }, "$ 80.000"));

    expect(await setShippingRates(staff, input)).toMatchObject({ ok: true, message: "Shipping rates saved (free from $ 80.000)." });

    const after = await shippingRates();
    expect(after).toEqual({ rates: { caba: 350_000, buenos_aires: 100_000, centro: 650_050, litoral: 100_000, norte: 100_000, cuyo: 0, patagonia: 100_000 }, freeOverMinor: 8_000_000 });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entityId, "shipping")).orderBy(desc(auditLog.id)).limit(1);
    expect(entry).toMatchObject({
      staffEmail: staff.email, entityType: "settings", action: "set shipping rates",
      before: auditedShipping(before),
      after: { cabaRateMinor: 350_000, centroRateMinor: 650_050, cuyoRateMinor: 0, patagoniaRateMinor: 100_000, freeOverMinor: 8_000_000 },
    });
  });

  it("can turn free shipping off, and saving the same rates again records nothing", async () => {
    restore = await setShippingForTest({});
    const staff = await staffActor();
    const input = shippingSettingsSchema.parse(form({}, ""));
    expect(await setShippingRates(staff, input)).toMatchObject({ ok: true, message: "Shipping rates saved (no free shipping)." });
    const audited = await db.select().from(auditLog).where(eq(auditLog.staffEmail, staff.email));

    expect(await setShippingRates(staff, input)).toMatchObject({ ok: true, message: "Nothing changed: these are the rates in force." });
    expect(await db.select().from(auditLog).where(eq(auditLog.staffEmail, staff.email))).toHaveLength(audited.length);
    expect((await shippingRates()).freeOverMinor).toBeNull();
  });

  it("refuses a malformed rate or threshold field by field", () => {
    const parsed = shippingSettingsSchema.safeParse({ ...form({ caba: "-1", norte: "1,234.50", patagonia: "" }, "0"), rate_cuyo: undefined });
    expect(parsed.success).toBe(false);
    const errors = parsed.success ? {} : parsed.error.flatten().fieldErrors;
    expect(Object.keys(errors).sort()).toEqual(["freeOver", "rate_caba", "rate_cuyo", "rate_norte", "rate_patagonia"]);
    expect(errors.rate_cuyo).toEqual(["Enter the rate for Cuyo"]);
    expect(errors.rate_caba?.[0]).toMatch(/^Enter the rate in pesos/);
    expect(errors.freeOver).toEqual(["The amount must be more than zero"]);
  });

  it("cannot be made negative even by a direct write", async () => {
    await expect(db.update(shippingRate).set({ rateMinor: -1 }).where(eq(shippingRate.zone, "caba"))).rejects.toThrow();
    await expect(db.update(shippingSettings).set({ freeOverMinor: 0 }).where(eq(shippingSettings.id, 1))).rejects.toThrow();
  });
});

describe("confirming with shipping", () => {
  it("snapshots the shipping line into the order and sends it to Mercado Pago as its own item", async () => {
    restore = await setShippingForTest({ rates: { centro: 654_321 }, freeOverMinor: 10_000_000 });
    const { owner } = await cartWith(5, 2, undefined, 1_000_000);

    const result = await confirmed(owner, contact({ province: "X", postalCode: "X5000ABC", city: "Córdoba", taxId: "20123456786" }));

    const [row] = await db.select().from(order).where(eq(order.id, result.orderId));
    expect(row).toMatchObject({
      province: "X", city: "Córdoba", postalCode: "X5000ABC", taxId: "20123456786", phone: "+54 9 11 4321-5678",
      shippingZone: "centro", shippingMinor: 654_321, totalMinor: 2_000_000 + 654_321,
    });
    expect(result.amountMinor).toBe(2_654_321);
    const preference = mercadoPago().standIn.preferences().find((p) => p.external_reference === result.paymentId);
    expect(preference?.items).toEqual([
      expect.objectContaining({ unit_price: 10_000, quantity: 2 }),
      expect.objectContaining({ id: "shipping", title: "Shipping to Córdoba", unit_price: 6_543.21, quantity: 1, currency_id: "ARS" }),
    ]);
  });

  it("ships free at exactly the threshold: no shipping item, a zero shipping line", async () => {
    restore = await setShippingForTest({ freeOverMinor: 2_000_000 });
    const { owner } = await cartWith(5, 2, undefined, 1_000_000);

    const result = await confirmed(owner, contact({ province: "V", postalCode: "9410" }));

    const [row] = await db.select().from(order).where(eq(order.id, result.orderId));
    expect(row).toMatchObject({ shippingZone: "patagonia", shippingMinor: 0, totalMinor: 2_000_000 });
    const preference = mercadoPago().standIn.preferences().find((p) => p.external_reference === result.paymentId);
    expect(preference?.items.map((item) => item.id)).not.toContain("shipping");
  });

  it("prices shipping on the server from the settings in force: a new rate makes a new order, never the old link", async () => {
    restore = await setShippingForTest({ rates: { caba: 300_000 }, freeOverMinor: null });
    const { owner } = await cartWith(5, 1, undefined, 1_000_000);
    const first = await confirmed(owner);
    expect(first.amountMinor).toBe(1_300_000);

    await setShippingForTest({ rates: { caba: 350_000 } });
    const again = await confirmOrder(owner, contact());

    expect(again).toMatchObject({ ok: true, isReused: false });
    if (!again.ok) return;
    const [pay] = await db.select().from(payment).where(eq(payment.id, again.paymentId));
    expect(pay?.amountMinor).toBe(1_350_000);
    expect((await db.select({ status: order.status }).from(order).where(eq(order.id, first.orderId)))[0]?.status).toBe("superseded");
  });
});
