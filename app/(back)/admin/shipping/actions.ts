"use server";

import { refresh } from "next/cache";
import { setShippingRates, SHIPPING_FORM_FIELDS, shippingSettingsSchema } from "@/lib/delivery/shipping-settings";
import { actorOf, staffAction } from "@/lib/staff";

/** Saves every zone's rate and the free-shipping threshold; the next confirm prices with them. */
export const saveShippingRatesAction = staffAction(
  shippingSettingsSchema,
  async (input, staff) => {
    const state = await setShippingRates(actorOf(staff), input);
    if (state?.ok) refresh();
    return state;
  },
  SHIPPING_FORM_FIELDS,
);
