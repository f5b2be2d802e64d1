import { provinceOf, SHIPPING_ZONES, type ProvinceCode, type ShippingZone } from "./provinces";

/** What staff set in the back office: a flat rate per zone, and free shipping from a subtotal on. */
export type ShippingRates = {
  rates: Record<ShippingZone, number>;
  /** Items subtotal (minor units) from which shipping is free; null: never free by subtotal. */
  freeOverMinor: number | null;
};

export type ShippingQuote = {
  province: ProvinceCode;
  zone: ShippingZone;
  /** What the shopper pays for shipping, in minor units; 0 when free. */
  amountMinor: number;
  /** Free because the subtotal reached the threshold. */
  isFreeBySubtotal: boolean;
};

/** Whether a subtotal ships free: from the threshold on, the boundary included. */
export function reachesFreeShipping(rates: ShippingRates, subtotalMinor: number): boolean {
  return rates.freeOverMinor !== null && subtotalMinor >= rates.freeOverMinor;
}

/** The shipping line of an order of `subtotalMinor` in items delivered to `province`. */
export function quoteShipping(rates: ShippingRates, province: ProvinceCode, subtotalMinor: number): ShippingQuote {
  const found = provinceOf(province);
  if (!found) throw new Error(`Unknown province ${province}`);
  const isFreeBySubtotal = reachesFreeShipping(rates, subtotalMinor);
  return { province, zone: found.zone, amountMinor: isFreeBySubtotal ? 0 : rates.rates[found.zone], isFreeBySubtotal };
}

export type ShippingEstimate = {
  /** The cheapest zone's rate: "from $ X" before the province is known; 0 when the subtotal ships free. */
  fromMinor: number;
  isFree: boolean;
  /** How much more in items ships free; null when it already does or never will. */
  missingForFreeMinor: number | null;
};

/** What the cart can say about shipping before the shopper names a province. */
export function estimateShipping(rates: ShippingRates, subtotalMinor: number): ShippingEstimate {
  if (reachesFreeShipping(rates, subtotalMinor)) return { fromMinor: 0, isFree: true, missingForFreeMinor: null };
  const fromMinor = Math.min(...SHIPPING_ZONES.map((zone) => rates.rates[zone]));
  const missingForFreeMinor = rates.freeOverMinor === null ? null : rates.freeOverMinor - subtotalMinor;
  return { fromMinor, isFree: fromMinor === 0 && SHIPPING_ZONES.every((zone) => rates.rates[zone] === 0), missingForFreeMinor };
}
