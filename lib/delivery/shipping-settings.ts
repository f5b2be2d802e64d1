import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Database, type Transaction } from "@/db/client";
import { shippingRate, shippingSettings } from "@/db/schema";
import { parsePesos, pesosText } from "../admin/price";
import { recordAudit, type Actor } from "../audit";
import { now } from "../clock";
import type { ActionState } from "../forms";
import { SHIPPING_ZONES, ZONE_LABELS, type ShippingZone } from "./provinces";
import type { ShippingRates } from "./shipping";

/** The audit trail's subject for the shipping settings. */
export const SHIPPING_AUDIT = { entityType: "settings", entityId: "shipping" } as const;

/** The rates and threshold in force, read fresh: confirm prices shipping from these, never from the form. */
export async function shippingRates(tx: Database | Transaction = db): Promise<ShippingRates> {
  const [rows, [settings]] = await Promise.all([
    tx.select({ zone: shippingRate.zone, rateMinor: shippingRate.rateMinor }).from(shippingRate),
    tx.select({ freeOverMinor: shippingSettings.freeOverMinor }).from(shippingSettings).where(eq(shippingSettings.id, 1)),
  ]);
  const byZone = new Map(rows.map((row) => [row.zone, row.rateMinor]));
  const rates = Object.fromEntries(SHIPPING_ZONES.map((zone) => {
    const rate = byZone.get(zone);
    // The migration seeds every zone and nothing deletes one: a gap is a broken database, not a free zone.
    if (rate === undefined) throw new Error(`No shipping rate for zone ${zone}`);
    return [zone, rate];
  })) as Record<ShippingZone, number>;
  return { rates, freeOverMinor: settings?.freeOverMinor ?? null };
}

const ZERO = /^\$?\s*0+(?:[.,]0{1,2})?$/;

/** A rate typed in pesos as prices are (18.500, 18500,50), or 0 for a zone that ships free. */
const rateField = (zone: ShippingZone) =>
  z.string({ error: `Enter the rate for ${ZONE_LABELS[zone].name}` }).transform((typed, context) => {
    if (ZERO.test(typed.trim())) return 0;
    const parsed = parsePesos(typed);
    if (parsed.ok) return parsed.minor;
    context.addIssue({ code: "custom", message: parsed.message.replace("price", "rate") });
    return z.NEVER;
  });

/** Empty: never free by subtotal. */
const freeOverField = z.string().optional().transform((typed, context) => {
  const text = (typed ?? "").trim();
  if (text === "") return null;
  const parsed = parsePesos(text);
  if (parsed.ok) return parsed.minor;
  context.addIssue({ code: "custom", message: parsed.message.replace("price", "amount") });
  return z.NEVER;
});

export const rateFieldName = (zone: ShippingZone) => `rate_${zone}`;

export const shippingSettingsSchema = z.object({
  ...Object.fromEntries(SHIPPING_ZONES.map((zone) => [rateFieldName(zone), rateField(zone)])) as Record<`rate_${ShippingZone}`, ReturnType<typeof rateField>>,
  freeOver: freeOverField,
});

export type ShippingSettingsInput = z.infer<typeof shippingSettingsSchema>;

/** The form's field names, to refill a refused form with what was typed. */
export const SHIPPING_FORM_FIELDS = [...SHIPPING_ZONES.map(rateFieldName), "freeOver"];

/** The settings as the audit trail keeps them: flat, one key per zone (`cabaRateMinor`), amounts in minor units. */
export const auditedShipping = (rates: ShippingRates) => ({
  ...Object.fromEntries(SHIPPING_ZONES.map((zone) => [`${zone}RateMinor`, rates.rates[zone]])),
  freeOverMinor: rates.freeOverMinor,
});

/**
 * Sets every zone's rate and the free-shipping threshold, audited, in one
 * transaction. Orders already confirmed keep the shipping they were priced
 * with; the next confirm uses the new settings.
 */
export async function setShippingRates(actor: Actor, input: ShippingSettingsInput): Promise<ActionState> {
  return db.transaction(async (tx) => {
    // The one settings row is the lock: two staff saving at once take turns, and each audit's "before" is true.
    await tx.insert(shippingSettings).values({ id: 1, freeOverMinor: null }).onConflictDoNothing();
    await tx.select({ id: shippingSettings.id }).from(shippingSettings).where(eq(shippingSettings.id, 1)).for("update");
    const before = await shippingRates(tx);
    const after: ShippingRates = {
      rates: Object.fromEntries(SHIPPING_ZONES.map((zone) => [zone, input[`rate_${zone}`]])) as Record<ShippingZone, number>,
      freeOverMinor: input.freeOver,
    };
    if (JSON.stringify(auditedShipping(before)) === JSON.stringify(auditedShipping(after))) {
      return { ok: true, message: "Nothing changed: these are the rates in force." };
    }
    const at = now();
    for (const zone of SHIPPING_ZONES) {
      await tx
        .insert(shippingRate)
        .values({ zone, rateMinor: after.rates[zone], updatedAt: at })
        .onConflictDoUpdate({ target: shippingRate.zone, set: { rateMinor: after.rates[zone], updatedAt: at } });
    }
    await tx.update(shippingSettings).set({ freeOverMinor: after.freeOverMinor, updatedAt: at }).where(eq(shippingSettings.id, 1));
    await recordAudit(tx, actor, { ...SHIPPING_AUDIT, action: "set shipping rates", before: auditedShipping(before), after: auditedShipping(after) });
    const free = after.freeOverMinor === null ? "no free shipping" : `free from $ ${pesosText(after.freeOverMinor)}`;
    return { ok: true, message: `Shipping rates saved (${free}).` };
  });
}
