import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { shippingRate, shippingSettings } from "@/db/schema";
import type { ShippingZone } from "@/lib/delivery/provinces";
import { shippingRates } from "@/lib/delivery/shipping-settings";
import type { ShippingRates } from "@/lib/delivery/shipping";

/**
 * Sets shipping rates for one test, straight in the tables (as staff would
 * have), and returns how to put back what was there: test files share one
 * database, and other files price their orders with the seeded rates.
 */
export async function setShippingForTest(change: { rates?: Partial<Record<ShippingZone, number>>; freeOverMinor?: number | null }): Promise<() => Promise<void>> {
  const before = await shippingRates();
  await write({ rates: { ...before.rates, ...change.rates }, freeOverMinor: change.freeOverMinor === undefined ? before.freeOverMinor : change.freeOverMinor });
  return () => write(before);
}

async function write(rates: ShippingRates): Promise<void> {
  for (const [zone, rateMinor] of Object.entries(rates.rates)) {
    await db.update(shippingRate).set({ rateMinor }).where(eq(shippingRate.zone, zone as ShippingZone));
  }
  await db.update(shippingSettings).set({ freeOverMinor: rates.freeOverMinor }).where(eq(shippingSettings.id, 1));
}
